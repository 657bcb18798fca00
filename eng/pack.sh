#!/usr/bin/env bash
# Packs StaleConn.Analyzers (analyzers + code fixes, depending on StaleConn.Runtime) and StaleConn.Runtime (+ .snupkg)
# into artifacts/packages. Usage: eng/pack.sh [version]   (default: the VersionPrefix in Directory.Build.props)
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/packages
version_args=()
if [ "${1:-}" != "" ]; then version_args=(-p:Version="$1"); fi
for project in src/Runtime/StaleConn.Runtime.csproj src/Package/StaleConn.Analyzers.Package.csproj; do
  dotnet pack "$project" -c Release -o "$out" -p:ContinuousIntegrationBuild=true "${version_args[@]}"
done
ls -1 "$out"
