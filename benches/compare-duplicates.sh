#!/usr/bin/env bash
# Time `corpus-explorer duplicates` (families of near-duplicate articles) against the Python
# script a user would write with datasketch (benches/duplicates_baseline.py: read every file,
# regular-expression tokens, word 5-grams, a MinHash of 128 permutations per file, a MinHash
# LSH index at 0.8, union-find of the answers), in the same run, and measure peak RSS.
#
#   benches/compare-duplicates.sh [N] [DIR]
#
# N    articles to generate (default 100000).
# DIR  where to generate them (default: a new temp dir, removed afterwards). A DIR that is not
#      empty is reused as it is.
#
# A generated corpus has no duplicates, so some are planted: every 33rd file (in the order of
# the paths, about 3 %) is copied to DIR/reprints/ under the same relative path, every other
# one byte for byte, the rest with another headline (the ` date YYYY-MM-DD ` prefix kept; a
# dateline lead gets another dateline) and three words of the body changed, as another outlet
# would run a story. A DIR that has reprints/ already is not planted again.
#
# Two figures for corpus-explorer: "cold", the first run on a folder (its catalog, word store
# and signatures are built: every file read, tokenized and signed), and "warm", every later run
# (all three kept in the cache; only changed files would be read again). Before timing, the two
# programs' families are compared (they need not agree exactly: the tokens and the similarity
# test differ a little).
#
# Needs hyperfine, python3 with datasketch, GNU time and jq; installs them with apt-get (as
# root) and pip when missing.
set -euo pipefail

N="${1:-100000}"
DIR="${2:-}"
SEED="${SEED:-1}"
cd "$(dirname "$0")/.."

source benches/support/common.sh
need_tools hyperfine=hyperfine python3=python3 /usr/bin/time=time jq=jq
python3 -c 'import datasketch' 2>/dev/null || python3 -m pip install --quiet datasketch

cargo build --release --bin corpus-explorer --example make_corpus
BIN="$PWD/target/release/corpus-explorer"

WORK="$(mktemp -d -t ce-duplicates.XXXXXX)"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
if [[ -z "$DIR" ]]; then
    DIR="$WORK/corpus"
fi
generated_corpus "$DIR" "$N" "$SEED"

# The reprints: every 33rd file, alternately as it is and edited (headline, three body words).
if [[ ! -e "$DIR/reprints" ]]; then
    python3 - "$DIR" <<'EOF'
import os, re, sys

root = sys.argv[1]
paths = sorted(
    os.path.relpath(os.path.join(folder, name), root)
    for folder, _dirs, names in os.walk(root)
    for name in names
)
PREFIX = re.compile(r"( date \d{4}-\d{2}-\d{2} )?(.*)", re.DOTALL)
WORD = re.compile(r"\w+")
same = edited = 0
for k, rel in enumerate(paths[::33]):
    with open(os.path.join(root, rel), "rb") as f:
        data = f.read()
    if k % 2:
        text = data.decode("utf-8", "surrogateescape")
        first, newline, body = text.partition("\n")
        prefix, headline = PREFIX.match(first).groups()
        dateline, dash, lead = headline.partition(" — ")
        if len(headline) > 120 and dash:  # a dateline lead: the story from another agency
            headline = "REPRINT DESK (Wire)" + dash + lead
        else:  # a headline: another one (the same words, the other way round)
            headline = " ".join(reversed(headline.split()))
        words = list(WORD.finditer(body))
        middle = words[len(words) // 2 :][:3]  # three words from the middle on (the last first: offsets hold)
        for word, new in reversed(list(zip(middle, ["amended", "revised", "altered"]))):
            body = body[: word.start()] + new + body[word.end() :]
        data = ((prefix or "") + headline + newline + body).encode("utf-8", "surrogateescape")
        edited += 1
    else:
        same += 1
    out = os.path.join(root, "reprints", rel)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        f.write(data)
print(f"planted {same + edited} reprints in {root}/reprints: {same} identical, {edited} edited")
EOF
else
    echo "reusing the reprints already in $DIR/reprints ($(find "$DIR/reprints" -type f | wc -l) files)" >&2
fi
find "$DIR" -type f -print0 | xargs -0 cat >/dev/null
# The catalog does not trust a stamp less than 2 s older than its check (such a file is read
# and indexed again at the next check): files written just now would make the first "warm"
# run read them again. A folder of saved articles is older than that; so is this one after a pause.
sleep 3

# A cache of our own, so that "cold" really starts from nothing.
export XDG_CACHE_HOME="$WORK/cache" XDG_DATA_HOME="$WORK/data"

# The same families? Each side's families as lines of their paths (in order, space-separated),
# sorted, so that neither the numbering nor the similarities matter; then the paths in families.
"$BIN" duplicates "$DIR" --format jsonl 2>/dev/null | jq -r '[.family, .path] | @tsv' >"$WORK/ours.tsv"
python3 benches/duplicates_baseline.py "$DIR" >"$WORK/python.tsv"
for side in ours python; do
    sort -t $'\t' -k1,1n -k2,2 "$WORK/$side.tsv" \
        | awk -F '\t' '{ s = ($1 in f) ? " " : ""; f[$1] = f[$1] s $2 } END { for (k in f) print f[k] }' \
        | sort >"$WORK/$side.families"
    cut -f 2 "$WORK/$side.tsv" | sort >"$WORK/$side.paths"
done
count() { echo "$(wc -l <"$WORK/$1.families") families of $(wc -l <"$WORK/$1.paths") articles"; }
echo "corpus-explorer: $(count ours); python: $(count python);" \
    "in families of both: $(comm -12 "$WORK/ours.paths" "$WORK/python.paths" | wc -l) articles," \
    "the same family in both: $(comm -12 "$WORK/ours.families" "$WORK/python.families" | wc -l)"
if cmp -s "$WORK/ours.families" "$WORK/python.families"; then
    echo "the same families from both"
else
    echo "WARNING: corpus-explorer and python disagree (families as their paths; < corpus-explorer, > python):" >&2
    diff "$WORK/ours.families" "$WORK/python.families" | grep '^[<>]' | head -20 >&2 || true
fi

q="$(printf '%q' "$DIR")"
cold_python_warm 3 duplicates "$BIN duplicates $q" \
    "python3 benches/duplicates_baseline.py $q"

cold_rss="$(rm -rf "$WORK/cache" && rss_mib "$BIN" duplicates "$DIR")"
echo "peak RSS: duplicates (cold) $cold_rss MiB, (warm) $(rss_mib "$BIN" duplicates "$DIR") MiB," \
    "python $(rss_mib python3 benches/duplicates_baseline.py "$DIR") MiB"
