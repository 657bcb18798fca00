#!/usr/bin/env bash
# Runs every test of the repository on a fresh Debian machine with the .NET SDK.
# Installs what the tests need when it is missing (MariaDB's server binaries); the tests then start their own
# throwaway MariaDB servers on loopback ports, so nothing needs to be running beforehand.
# Extra arguments go to `dotnet test` (for example: eng/test.sh --filter FullyQualifiedName~SC0001).
# Like a new machine, every run starts with empty, private package caches (NuGet's packages folder and HTTP cache, and
# the temp folder), so a package that only this machine's caches hold cannot hide a failure; the restore then takes
# about 15 s. STALECONN_TEST_CACHES=machine uses the machine's caches instead.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v mariadbd >/dev/null 2>&1 || ! command -v mariadb-install-db >/dev/null 2>&1; then
  echo "eng/test.sh: installing mariadb-server (Debian package) for the runtime integration tests"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq mariadb-server >/dev/null
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/staleconn-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
log=$scratch/test.log
if [ "${STALECONN_TEST_CACHES:-private}" != machine ]; then
  export NUGET_PACKAGES=$scratch/nuget-packages NUGET_HTTP_CACHE_PATH=$scratch/nuget-http-cache TMPDIR=$scratch/tmp
  mkdir -p "$TMPDIR"
  # World-writable like /tmp: the PostgreSQL tests run the server as the postgres user under it.
  chmod 755 "$scratch"
  chmod 1777 "$TMPDIR"
  echo "eng/test.sh: private, empty package caches under $scratch (STALECONN_TEST_CACHES=machine to use the machine's)"
fi
status=0
dotnet test StaleConn.Analyzers.sln -c Release "$@" 2>&1 | tee "$log" || status=$?
# One closing line for the whole suite, summed over the test assemblies.
awk '/^(Passed|Failed)! +- Failed: /{ gsub(",", ""); failed += $4; passed += $6; skipped += $8 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit "$status"
