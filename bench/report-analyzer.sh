#!/usr/bin/env bash
# Builds the generated service solution (or the project given as $1) with -p:ReportAnalyzer=true and prints the
# compiler's per-analyzer timing table. Usage: bench/report-analyzer.sh [path/to/Project.csproj] [--lines N]
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d /tmp/staleconn-report-analyzer.XXXXXX)
trap 'rm -rf "$work"' EXIT

dotnet build bench/StaleConn.Benchmarks -c Release -v:q -nologo >/dev/null
if [ "${1:-}" != "" ] && [ "${1:-}" != "--lines" ]; then
  project=$1; shift
else
  # Outside the repository, so the repository's central package settings do not apply to the generated project.
  dotnet bench/StaleConn.Benchmarks/bin/Release/net10.0/StaleConn.Benchmarks.dll generate-solution "$work/solution" "$@"
  project="$work/solution/Contoso.Services.csproj"
fi

dotnet restore "$project" -v:q -nologo >/dev/null
# A full rebuild without the compiler server, so the timings are for this compilation alone.
dotnet build "$project" -c Release --no-restore --no-incremental -p:ReportAnalyzer=true -p:UseSharedCompilation=false \
  -v:d -nologo > "$work/build.log" 2>&1 || { tail -50 "$work/build.log"; exit 1; }
# The Csc task prints "Total analyzer execution time" and one block per analyzer assembly; keep that part.
awk '/Total analyzer execution time/ { on = 1 } on && /^ *$/ { blank++ } on && blank < 2 { print } /Total generator execution time/ { on = 0 }' "$work/build.log" \
  | sed 's/^ *//' | grep -v '^$' | head -60
grep -E "Time Elapsed" "$work/build.log" | tail -1
