#!/usr/bin/env bash
# Reopening a folder through its catalog, whole process, against ripgrep in the same run.
#
#   benches/catalog.sh [N] [DIR]
#
# N    articles to generate (default 100000).
# DIR  where to generate them (default: a new temp dir, removed afterwards). A DIR that is not
#      empty is reused as it is.
#
# Measures with hyperfine, warm page cache:
#   - `list` through the catalog against `rg -c '' --no-ignore` (reads every file once);
#   - `list --rescan` (reads every file and writes the catalog);
#   - `search` of a phrase through the catalog against `rg -l -i -F PHRASE`;
#   - the floor of any check that looks at every file: `find -printf` of each file's size and
#     times (one `stat` per file, one thread);
# then, when run as root, the same `list` and ripgrep with the page cache dropped before each
# run (`echo 3 > /proc/sys/vm/drop_caches`); and the catalog's size per article.
#
# The catalog and the search index go to a temporary cache folder (XDG_CACHE_HOME), never to
# the user's. PHRASE (default "grosko would") must occur in the generated corpus.
set -euo pipefail

N="${1:-100000}"
DIR="${2:-}"
SEED="${SEED:-1}"
PHRASE="${PHRASE:-grosko would}"
cd "$(dirname "$0")/.."

source benches/support/common.sh
need_tools hyperfine=hyperfine rg=ripgrep jq=jq

cargo build --release --bin corpus-explorer --example make_corpus
BIN="$PWD/target/release/corpus-explorer"

WORK="$(mktemp -d -t ce-catalog.XXXXXX)"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
export XDG_CACHE_HOME="$WORK/cache"
if [[ -z "$DIR" ]]; then
    DIR="$WORK/corpus"
fi
generated_corpus "$DIR" "$N" "$SEED"
ARTICLES="$(find "$DIR" -type f | wc -l)"

q="$(printf '%q' "$DIR")"
p="$(printf '%q' "$PHRASE")"
# The first run writes the catalog and the index; the files were just written, so their
# stamps are too recent to trust until a check two seconds later writes the catalog again.
"$BIN" search "$DIR" "\"$PHRASE\"" >/dev/null
sleep 3
"$BIN" list "$DIR" >/dev/null 2>&1
CATALOG="$(find "$XDG_CACHE_HOME/corpus-explorer/catalog" -name '*.catalog')"
echo "catalog: $(stat -c %s "$CATALOG") bytes, $(($(stat -c %s "$CATALOG") / ARTICLES)) bytes per article"
echo "phrase \"$PHRASE\": $("$BIN" search "$DIR" "\"$PHRASE\"" | wc -l) articles (rg -l: $(rg -l -i -F "$PHRASE" "$DIR" | wc -l))"

find "$DIR" -type f -print0 | xargs -0 cat >/dev/null
hyperfine -N --warmup 2 --runs 10 --export-json "$WORK/warm.json" \
    --command-name "rg -c ''" "rg -c '' --no-ignore $q" \
    --command-name "list" "$BIN list $q" \
    --command-name "list --rescan" "$BIN list --rescan $q" \
    --command-name "rg -l -i -F phrase" "rg -l -i -F $p $q" \
    --command-name "search phrase" "$BIN search $q '\"$PHRASE\"'" \
    --command-name "stat every file (find)" "find $q -type f -printf '%s %T@ %C@ %i\n'"

ratio() { # name-a name-b file: mean(a) / mean(b)
    jq -r --arg a "$1" --arg b "$2" '
        (.results | map({(.command): .mean}) | add) as $m
        | "\($a): \($m[$a] * 1000 | floor) ms, \($b): \($m[$b] * 1000 | floor) ms, ratio \(($m[$a] / $m[$b]) * 100 | round / 100)"' "$3"
}
echo
ratio "list" "rg -c ''" "$WORK/warm.json"
ratio "search phrase" "rg -l -i -F phrase" "$WORK/warm.json"
ratio "stat every file (find)" "rg -c ''" "$WORK/warm.json"
ratio "list --rescan" "rg -c ''" "$WORK/warm.json"

if [[ $(id -u) == 0 && -w /proc/sys/vm/drop_caches ]]; then
    hyperfine -N --runs 5 --export-json "$WORK/cold.json" \
        --prepare 'sh -c "sync; echo 3 > /proc/sys/vm/drop_caches"' \
        --command-name "rg -c '' (cold)" "rg -c '' --no-ignore $q" \
        --command-name "list (cold)" "$BIN list $q"
    echo
    ratio "list (cold)" "rg -c '' (cold)" "$WORK/cold.json"
else
    echo "not root: the cold-cache runs are left out"
fi
