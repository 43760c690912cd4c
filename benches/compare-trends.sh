#!/usr/bin/env bash
# Time `corpus-explorer trends` (per month, the dated articles and how many match each of two
# queries) against the Python script a user would write (benches/trends_baseline.py: read every
# file, the date from its first line with a regular expression, whole-word regular expressions
# per query), in the same run, and measure peak RSS.
#
#   benches/compare-trends.sh [N] [DIR]
#
# N    articles to generate (default 100000).
# DIR  where to generate them (default: a new temp dir, removed afterwards). A DIR that is not
#      empty is reused as it is.
#
# The queries are Q1 and Q2 from the environment (default `said`, a word of nearly every
# article, and `vaxbar`, a word of the generated vocabulary in fewer than half of them).
#
# Two figures for corpus-explorer: "cold", the first run on a folder (its catalog is built,
# every file read; then the selected articles are read once for both queries), and "warm",
# every later run (the catalog kept in the cache, only changed files read again for it; the
# articles read again for the queries, as no search index was built: with one, built by
# `search` or the window, trends counts from it). Before timing, the two programs' periods,
# article counts and match counts are compared.
#
# Needs hyperfine, python3, GNU time and jq; installs them with apt-get when missing (as root).
set -euo pipefail

N="${1:-100000}"
DIR="${2:-}"
SEED="${SEED:-1}"
Q1="${Q1:-said}"
Q2="${Q2:-vaxbar}"
cd "$(dirname "$0")/.."

source benches/support/common.sh
need_tools hyperfine=hyperfine python3=python3 /usr/bin/time=time jq=jq

cargo build --release --bin corpus-explorer --example make_corpus
BIN="$PWD/target/release/corpus-explorer"

WORK="$(mktemp -d -t ce-trends.XXXXXX)"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
if [[ -z "$DIR" ]]; then
    DIR="$WORK/corpus"
fi
generated_corpus "$DIR" "$N" "$SEED"
find "$DIR" -type f -print0 | xargs -0 cat >/dev/null
# The catalog does not trust a stamp less than 2 s older than its check (such a file is read
# and indexed again at the next check): files generated just now would make the first "warm"
# run re-index them. A folder of saved articles is older than that; so is this one after a pause.
sleep 3

# A cache of our own, so that "cold" really starts from nothing.
export XDG_CACHE_HOME="$WORK/cache" XDG_DATA_HOME="$WORK/data"

# The same numbers (the shares are printed differently: 1 and 1.0): period, articles, counts.
"$BIN" trends "$DIR" "$Q1" "$Q2" 2>/dev/null | cut -f 1,2,3,5 >"$WORK/ours.tsv"
python3 benches/trends_baseline.py "$DIR" "$Q1" "$Q2" | cut -f 1,2,3,5 >"$WORK/python.tsv"
if cmp -s "$WORK/ours.tsv" "$WORK/python.tsv"; then
    echo "the same $(($(wc -l <"$WORK/ours.tsv") - 1)) months, articles and counts from both"
else
    echo "WARNING: corpus-explorer and python disagree (< corpus-explorer, > python):" >&2
    diff "$WORK/ours.tsv" "$WORK/python.tsv" | head -20 >&2 || true
fi

q="$(printf '%q' "$DIR")"
queries="$(printf '%q %q' "$Q1" "$Q2")"
cold_python_warm 3 trends "$BIN trends $q $queries" \
    "python3 benches/trends_baseline.py $q $queries"

echo "peak RSS: trends (warm) $(rss_mib "$BIN" trends "$DIR" "$Q1" "$Q2") MiB, python $(rss_mib python3 benches/trends_baseline.py "$DIR" "$Q1" "$Q2") MiB"
