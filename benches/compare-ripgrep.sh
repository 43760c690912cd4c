#!/usr/bin/env bash
# Time `corpus-explorer list` against ripgrep reading the same folder, and measure peak RSS.
#
#   benches/compare-ripgrep.sh [N] [DIR]
#
# N    articles to generate (default 100000).
# DIR  where to generate them (default: a new temp dir, removed afterwards). A DIR that is not
#      empty is reused as it is, without generating anything.
#
# Needs hyperfine, ripgrep, GNU time and jq; installs them with apt-get when missing (as root).
set -euo pipefail

N="${1:-100000}"
DIR="${2:-}"
SEED="${SEED:-1}"
cd "$(dirname "$0")/.."

source benches/support/common.sh
need_tools hyperfine=hyperfine rg=ripgrep /usr/bin/time=time jq=jq

cargo build --release --bin corpus-explorer --example make_corpus
BIN=target/release/corpus-explorer

WORK="$(mktemp -d -t ce-compare.XXXXXX)"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
if [[ -z "$DIR" ]]; then
    DIR="$WORK/corpus"
fi
generated_corpus "$DIR" "$N" "$SEED"

# Warm the page cache (hyperfine's warm-up runs do the rest).
find "$DIR" -type f -print0 | xargs -0 cat >/dev/null

q="$(printf '%q' "$DIR")"
hyperfine --warmup 2 --runs 10 \
    --export-markdown "$WORK/results.md" --export-json "$WORK/results.json" \
    --command-name "rg -c '' --no-ignore" "rg -c '' --no-ignore $q > /dev/null" \
    --command-name "corpus-explorer list" "$BIN list $q > /dev/null 2>&1"

echo
cat "$WORK/results.md"
echo
jq -r '.results as $r
    | "mean: rg \($r[0].mean * 1000 | floor) ms, corpus-explorer list \($r[1].mean * 1000 | floor) ms; "
    + "list / rg = \(($r[1].mean / $r[0].mean) * 100 | round / 100)"' "$WORK/results.json"

rss() { # peak RSS in MiB of a command's run
    /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>&1
    awk -F': ' '/Maximum resident set size/ { printf "%.1f MiB", $2 / 1024 }' "$WORK/time.txt"
}
echo "peak RSS: corpus-explorer list $(rss "$BIN" list "$DIR"), rg $(rss rg -c '' --no-ignore "$DIR")"
