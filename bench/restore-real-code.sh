#!/usr/bin/env bash
# Restores the real-code folders the bench commands read (first-fix-rate, findings, analyzer-cost, code-fix-latency)
# from the repositories' git dirs that the `fetch` tool brought to the mirror, at the commits bench/real-code lists.
# Fetched code is never committed: this script and its manifest are how a fresh machine gets the folders back.
#
#   bench/restore-real-code.sh [--manifest FILE] [--mirror DIR] [--ready FILE] [--set NAME]...
#
# Each manifest row (set, folder, owner/name, commit, licence, note) becomes
#   realcode -> /tmp/realcode/<folder>    f15 -> /tmp/f15/src/<folder>    field24 -> /tmp/f24/src/<folder>
#   field25 -> /tmp/field25/src/<folder>    field26 -> /tmp/field26/src/<folder>    field27 -> /tmp/field27/src/<folder>
#   field28 -> /tmp/field28/src/<folder>    field29 -> /tmp/field29/src/<folder>
#   wild29 -> /tmp/wild29/src/<folder>    wild30 -> /tmp/wild30/src/<folder>    field30 -> /tmp/field30/src/<folder>
#   apps30 -> /tmp/apps30/src/<folder>    di31 -> /tmp/di31/src/<folder>    rand31 -> /tmp/rand31/src/<folder>
#   issues32 -> /tmp/issues32/src/<folder>    rand32 -> /tmp/rand32/src/<folder>    fresh33 -> /tmp/fresh33/src/<folder>
#   fresh34 -> /tmp/fresh34/src/<folder>    fresh35 -> /tmp/fresh35/src/<folder>    fresh36 -> /tmp/fresh36/src/<folder>
#   fresh37 -> /tmp/fresh37/src/<folder>    fresh38 -> /tmp/fresh38/src/<folder>    fresh39 -> /tmp/fresh39/src/<folder>
#   fresh40 -> /tmp/fresh40/src/<folder>    fresh41 -> /tmp/fresh41/src/<folder>
# holding the repository's .cs files at the commit, plus the project files (*.csproj, Directory.Build.props) from
# which the bench reads whether nullable annotations are on; nothing of them is compiled. A folder already restored
# at the row's commit is left alone (its .restored-commit says so), so running the script again is cheap and changes
# nothing. Rows whose git dir is not under the mirror are listed: fetch them first (the `fetch` tool,
# github:owner/name), then run the script again. --ready FILE writes the restored folders, one a line, to FILE, only
# when every row selected is restored. Exit code 0 when every row is restored, 3 when some are missing, 1 on error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
manifest="$here/real-code/repositories.tsv"
mirror="${STALECONN_MIRROR:-/work/.mirror}"
ready=""
sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --manifest) manifest="$2"; shift 2 ;;
    --mirror) mirror="$2"; shift 2 ;;
    --ready) ready="$2"; shift 2 ;;
    --set) sets+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    *) echo "restore-real-code: unknown argument '$1' (see --help)" >&2; exit 1 ;;
  esac
done
[ -f "$manifest" ] || { echo "restore-real-code: no manifest at $manifest" >&2; exit 1; }

# The folder a row's set restores into.
folder_of() {
  case "$1" in
    realcode) echo "/tmp/realcode/$2" ;;
    f15) echo "/tmp/f15/src/$2" ;;
    field24) echo "/tmp/f24/src/$2" ;;
    field25) echo "/tmp/field25/src/$2" ;;
    field26) echo "/tmp/field26/src/$2" ;;
    field27) echo "/tmp/field27/src/$2" ;;
    field28) echo "/tmp/field28/src/$2" ;;
    field29) echo "/tmp/field29/src/$2" ;;
    wild29) echo "/tmp/wild29/src/$2" ;;
    wild30) echo "/tmp/wild30/src/$2" ;;
    field30) echo "/tmp/field30/src/$2" ;;
    apps30) echo "/tmp/apps30/src/$2" ;;
    di31) echo "/tmp/di31/src/$2" ;;
    rand31) echo "/tmp/rand31/src/$2" ;;
    issues32) echo "/tmp/issues32/src/$2" ;;
    rand32) echo "/tmp/rand32/src/$2" ;;
    fresh33) echo "/tmp/fresh33/src/$2" ;;
    fresh34) echo "/tmp/fresh34/src/$2" ;;
    fresh35) echo "/tmp/fresh35/src/$2" ;;
    fresh36) echo "/tmp/fresh36/src/$2" ;;
    fresh37) echo "/tmp/fresh37/src/$2" ;;
    fresh38) echo "/tmp/fresh38/src/$2" ;;
    fresh39) echo "/tmp/fresh39/src/$2" ;;
    fresh40) echo "/tmp/fresh40/src/$2" ;;
    fresh41) echo "/tmp/fresh41/src/$2" ;;
    *) return 1 ;;
  esac
}

# The git dir `fetch` made for owner/name: <mirror>/owner+name/repo (bare) or .../repo/.git; empty when not fetched.
git_dir_of() {
  local base="$mirror/${1/\//+}"
  for candidate in "$base/repo/.git" "$base/repo" "$base"; do
    if [ -f "$candidate/HEAD" ] && [ -d "$candidate/objects" ]; then echo "$candidate"; return; fi
  done
}

selected() {
  [ ${#sets[@]} -eq 0 ] && return 0
  local s; for s in "${sets[@]}"; do [ "$s" = "$1" ] && return 0; done
  return 1
}

# Extracts the .cs and project files of <git dir> at <commit> into <target>, through a sibling temporary folder so
# that an interrupted run never leaves a half-written folder behind a valid .restored-commit. The snapshots drop files
# of 4 MiB and more: those blobs are absent, are left out, and are counted.
extract() {
  local gitdir="$1" commit="$2" target="$3" partial entry meta path status
  local -a entries paths=() statuses
  partial="$(dirname "$target")/.$(basename "$target").partial.$$"
  rm -rf "$partial"; mkdir -p "$partial"
  mapfile -d '' entries < <(git --git-dir="$gitdir" ls-tree -r -z "$commit" \
    | grep -z -i -E '\.(cs|csproj)$|(^|/)Directory\.Build\.props$' | grep -z -E '^[0-9]+ blob ' || true)
  if [ ${#entries[@]} -gt 0 ]; then
    mapfile -t statuses < <(for entry in "${entries[@]}"; do meta="${entry%%$'\t'*}"; echo "${meta##* }"; done \
      | git --git-dir="$gitdir" cat-file --batch-check='%(objecttype)')
    local i absent=0
    for i in "${!entries[@]}"; do
      path="${entries[$i]#*$'\t'}"; status="${statuses[$i]}"
      if [ "$status" = "blob" ]; then paths+=("$path"); else absent=$((absent + 1)); fi
    done
    [ "$absent" -gt 0 ] && echo "  $absent file(s) absent from the snapshot (4 MiB and more): left out" >&2
    # In chunks, so that a large repository's path list never exceeds the argument limit.
    [ ${#paths[@]} -gt 0 ] && printf '%s\0' "${paths[@]}" | xargs -0 bash -c 'g="$0" c="$1" d="$2"; shift 2; set -o pipefail
      git --literal-pathspecs --git-dir="$g" archive --format=tar "$c" -- "$@" | tar -x -C "$d"' "$gitdir" "$commit" "$partial" \
      2> >(grep -v '^error: invalid object ' >&2) || true  # archive names the other absent blobs it walks past
    local written
    written="$(find "$partial" -type f | wc -l)"
    if [ "$written" -ne ${#paths[@]} ]; then
      echo "restore-real-code: $written of ${#paths[@]} files written for $target" >&2; rm -rf "$partial"; return 1
    fi
  fi
  echo "$commit" > "$partial/.restored-commit"
  rm -rf "$target"
  mv "$partial" "$target"
}

restored=()
fresh=0
missing=()
failed=()
while IFS=$'\t' read -r set folder repository commit _; do
  case "$set" in ''|'#'*) continue ;; esac
  selected "$set" || continue
  target="$(folder_of "$set" "$folder")" || { echo "restore-real-code: unknown set '$set' ($repository)" >&2; failed+=("$set $repository"); continue; }
  if [ -f "$target/.restored-commit" ] && [ "$(cat "$target/.restored-commit")" = "$commit" ]; then
    restored+=("$target"); continue
  fi
  gitdir="$(git_dir_of "$repository")"
  if [ -z "$gitdir" ]; then missing+=("$set/$folder: fetch github:$repository (commit $commit)"); continue; fi
  if ! git --git-dir="$gitdir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "restore-real-code: $repository has no commit $commit in $gitdir (fetch it again, or correct the manifest)" >&2
    failed+=("$set $repository@$commit"); continue
  fi
  mkdir -p "$(dirname "$target")"
  extract "$gitdir" "$commit" "$target" || { failed+=("$set $repository@$commit"); continue; }
  echo "restored $target ($repository@${commit:0:12}, $(find "$target" -name '*.cs' -type f | wc -l) .cs files)"
  restored+=("$target")
  fresh=$((fresh + 1))
done < "$manifest"

echo "${#restored[@]} folders restored ($fresh written now, the others already at their commit), ${#missing[@]} missing, ${#failed[@]} failed."
if [ ${#missing[@]} -gt 0 ]; then
  # A repository can sit in several sets: the fetch count is the distinct repositories, not the rows.
  unfetched="$(printf '%s\n' "${missing[@]}" | sed 's/.*fetch \(github:[^ ]*\).*/\1/' | sort -u)"
  echo "Missing (no git dir under $mirror): $(wc -l <<< "$unfetched") repositories must be fetched first, with the" \
    "fetch tool (github:owner/name, several calls at once), then run this again:"
  printf '  %s\n' "${missing[@]}"
fi
[ ${#failed[@]} -gt 0 ] && exit 1
[ ${#missing[@]} -gt 0 ] && exit 3
if [ -n "$ready" ]; then
  printf '%s\n' "${restored[@]}" > "$ready.tmp.$$" && mv "$ready.tmp.$$" "$ready"
  echo "wrote $ready"
fi
exit 0
