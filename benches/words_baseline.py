#!/usr/bin/env python3
"""The word-frequency list a user would write in Python: read every file of a folder,
regular-expression tokens, lower case, collections.Counter. The reference
`benches/compare-words.sh` times `corpus-explorer words` against.

    python3 benches/words_baseline.py FOLDER [LIMIT]

Prints `word<TAB>count` for the LIMIT most common words (default 50).
"""

import collections
import os
import re
import sys

WORD = re.compile(r"\w+")


def main():
    folder = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    counts = collections.Counter()
    for root, _dirs, files in os.walk(folder):
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                counts.update(WORD.findall(f.read().lower()))
    for word, count in counts.most_common(limit):
        print(f"{word}\t{count}")


if __name__ == "__main__":
    main()
