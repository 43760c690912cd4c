#!/usr/bin/env bash
# Time `corpus-explorer words` (a frequency list of every article) against the Python script a
# user would write (benches/words_baseline.py: read every file, regular-expression tokens,
# lower case, collections.Counter), in the same run, and measure peak RSS.
#
#   benches/compare-words.sh [N] [DIR]
#
# N    articles to generate (default 100000).
# DIR  where to generate them (default: a new temp dir, removed afterwards). A DIR that is not
#      empty is reused as it is.
#
# Two figures for corpus-explorer: "cold", the first run on a folder (its catalog and word
# store are built: every file read and tokenized), and "warm", every later run (the store
# kept in the cache is read; only changed files would be read again).
#
# Needs hyperfine, python3, GNU time and jq; installs them with apt-get when missing (as root).
set -euo pipefail

N="${1:-100000}"
DIR="${2:-}"
SEED="${SEED:-1}"
cd "$(dirname "$0")/.."

source benches/support/common.sh
need_tools hyperfine=hyperfine python3=python3 /usr/bin/time=time jq=jq

cargo build --release --bin corpus-explorer --example make_corpus
BIN="$PWD/target/release/corpus-explorer"

WORK="$(mktemp -d -t ce-words.XXXXXX)"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
if [[ -z "$DIR" ]]; then
    DIR="$WORK/corpus"
fi
generated_corpus "$DIR" "$N" "$SEED"
find "$DIR" -type f -print0 | xargs -0 cat >/dev/null

# A cache of our own, so that "cold" really starts from nothing.
export XDG_CACHE_HOME="$WORK/cache" XDG_DATA_HOME="$WORK/data"
q="$(printf '%q' "$DIR")"
cold_python_warm 5 words "$BIN words $q --limit 50" \
    "python3 benches/words_baseline.py $q 50"

echo "peak RSS: words (warm) $(rss_mib "$BIN" words "$DIR" --limit 50) MiB, python $(rss_mib python3 benches/words_baseline.py "$DIR" 50) MiB"
