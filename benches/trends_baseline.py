#!/usr/bin/env python3
"""The per-month trend a user would write in Python: read every .txt file of a folder, take
the article's date from its first line with a regular expression, test each query with
case-insensitive whole-word regular expressions, count per month. The reference
`benches/compare-trends.sh` times `corpus-explorer trends` against.

    python3 benches/trends_baseline.py FOLDER QUERY [QUERY...]

A QUERY is words that must all occur (`harbour ferry`) and "quoted phrases" (`"city council"`:
the words in order, anything but letters and digits between them). The date is the one of the
generated corpus's layouts (benches/support/corpus_gen.rs): ` date YYYY-MM-DD` opening the first
line; files without it are undated and left out. Accents fold (`é` is `e`), as in the app.

Prints a header, then `period<TAB>articles<TAB>count<TAB>share` (count and share once per
query) for every month from the first dated article's to the last's, empty months included;
`period` is the month's first day.
"""

import os
import re
import shlex
import sys
import unicodedata

DATE = re.compile(r" date (\d{4})-(\d{2})-\d{2}\b")


def fold(text):
    """Accents off: é is e (only non-ASCII text needs it)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def compile_query(query):
    """One regular expression per word or phrase; all must match."""
    patterns = []
    for part in shlex.split(query):
        words = re.findall(r"\w+", fold(part))
        body = r"\W+".join(re.escape(w) for w in words)
        patterns.append(re.compile(r"\b" + body + r"\b", re.IGNORECASE))
    return patterns


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    folder, queries = sys.argv[1], sys.argv[2:]
    compiled = [compile_query(q) for q in queries]
    articles = {}  # (year, month) -> dated articles
    counts = {}  # (year, month) -> matches per query
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                text = f.read()
            date = DATE.match(text)
            if date is None:
                continue
            month = (int(date.group(1)), int(date.group(2)))
            text = fold(text)
            articles[month] = articles.get(month, 0) + 1
            row = counts.setdefault(month, [0] * len(queries))
            for n, patterns in enumerate(compiled):
                if all(p.search(text) for p in patterns):
                    row[n] += 1
    header = ["period", "articles"]
    for q in queries:
        header += [f"count:{q}", f"share:{q}"]
    print("\t".join(header))
    if not articles:
        return
    (year, month), last = min(articles), max(articles)
    while (year, month) <= last:
        n = articles.get((year, month), 0)
        cells = [f"{year:04}-{month:02}-01", str(n)]
        for count in counts.get((year, month), [0] * len(queries)):
            cells += [str(count), repr(count / n if n else 0.0)]
        print("\t".join(cells))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


if __name__ == "__main__":
    main()
