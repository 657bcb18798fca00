#!/usr/bin/env bash
# Runs every test of the repository on a fresh Debian machine with the .NET SDK.
# Installs what the tests need when it is missing (MariaDB's and PostgreSQL's server binaries); the tests then start
# their own throwaway servers on loopback ports, so nothing needs to be running beforehand.
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
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "eng/test.sh: installing postgresql (Debian package) for the runtime integration tests"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq postgresql >/dev/null
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
# No regression may stall the run: each test method has a deadline of its own (tests/Directory.Build.targets); the
# hang timeout stops a test host stuck outside a test method (a fixture, a process that does not exit) and names the
# test that was running; the run as a whole stops at 60 minutes, well inside CI's limit.
status=0
timeout --kill-after=1m 60m \
  dotnet test StaleConn.Analyzers.sln -c Release --blame-hang-timeout 15m --blame-hang-dump-type none "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -eq 124 ]; then
  echo "eng/test.sh: the test run was stopped after 60 minutes; the log above shows what was still running"
fi
# One closing line for the whole suite, summed over the test assemblies.
awk '/^(Passed|Failed)! +- Failed: /{ gsub(",", ""); failed += $4; passed += $6; skipped += $8 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit "$status"
