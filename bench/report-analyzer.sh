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
log=BenchmarkDotNet.Artifacts/results/report-analyzer.log
mkdir -p "$(dirname "$log")"
dotnet build "$project" -c Release --no-restore --no-incremental -p:ReportAnalyzer=true -p:UseSharedCompilation=false \
  -v:d -clp:PerformanceSummary -nologo > "$log" 2>&1 || { tail -50 "$log"; exit 1; }
# The Csc task prints the total analyzer time, then one line per analyzer assembly (with its version) followed by its
# analyzers; keep the totals, the assembly lines and StaleConn's own analyzers. The full log stays in $log.
grep -E "Total (analyzer|generator) execution time|^ *<?[0-9.]+ +<?[0-9]+ +[A-Za-z]" "$log" \
  | sed 's/^ *//' | awk '!seen[$0]++'
# The compiler task's own wall time (includes the analyzers, which run concurrently with it).
grep -E "^ +[0-9]+ ms +Csc +[0-9]+ calls" "$log" | sed 's/^ *//'
grep -E "Time Elapsed" "$log" | tail -1
echo "full log: $log"
