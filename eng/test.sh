#!/usr/bin/env bash
# Runs every test of the repository on a fresh Debian machine with the .NET SDK.
# Installs what the tests need when it is missing (MariaDB's server binaries); the tests then start their own
# throwaway MariaDB servers on loopback ports, so nothing needs to be running beforehand.
# Extra arguments go to `dotnet test` (for example: eng/test.sh --filter FullyQualifiedName~SC0001).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v mariadbd >/dev/null 2>&1 || ! command -v mariadb-install-db >/dev/null 2>&1; then
  echo "eng/test.sh: installing mariadb-server (Debian package) for the runtime integration tests"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq mariadb-server >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test StaleConn.Analyzers.sln -c Release "$@" 2>&1 | tee "$log" || status=$?
# One closing line for the whole suite, summed over the test assemblies.
awk '/^(Passed|Failed)! +- Failed: /{ gsub(",", ""); failed += $4; passed += $6; skipped += $8 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit "$status"
