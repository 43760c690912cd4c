#!/usr/bin/env python3
"""The near-duplicate finder a user would write in Python with datasketch: read every file of a
folder, regular-expression tokens, lower case, word 5-grams (shingles), a MinHash of 128
permutations per file (`update_batch`, datasketch's fast path), a MinHash LSH index at the
threshold; every file is inserted, then queried, and the answers are joined (union-find) into
families. The reference `benches/compare-duplicates.sh` times `corpus-explorer duplicates`
against.

    python3 benches/duplicates_baseline.py FOLDER [--threshold 0.8]

Hidden files and folders are skipped. A text of fewer than 5 words is one shingle of all its
words; a file without words is left out.

Prints `family<TAB>path<TAB>similarity` for every member of a family of 2 or more: families by
size (largest first, then by their first path), numbered from 1, members by path; the path is
relative to FOLDER with `/`; the similarity is the MinHash estimate of the member's Jaccard
similarity to the family's first member (1.000 for that one).
"""

import argparse
import os
import re

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")
SHINGLE = 5
NUM_PERM = 128


def shingles(text):
    """The set of word 5-grams, joined by a space."""
    tokens = WORD.findall(text.lower())
    if len(tokens) < SHINGLE:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def files(folder):
    """Every file under folder (hidden files and folders skipped), as (path, relative path)."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            yield path, os.path.relpath(path, folder).replace(os.sep, "/")


def main():
    parser = argparse.ArgumentParser(description="Families of near-duplicate files (MinHash LSH).")
    parser.add_argument("folder")
    parser.add_argument("--threshold", type=float, default=0.8)
    args = parser.parse_args()

    minhashes = {}  # relative path -> MinHash
    for path, rel in files(args.folder):
        with open(path, encoding="utf-8", errors="replace") as f:
            grams = shingles(f.read())
        if not grams:
            continue
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([g.encode("utf-8") for g in grams])
        minhashes[rel] = m

    lsh = MinHashLSH(threshold=args.threshold, num_perm=NUM_PERM)
    for rel, m in minhashes.items():
        lsh.insert(rel, m)

    parent = {rel: rel for rel in minhashes}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for rel, m in minhashes.items():
        for other in lsh.query(m):
            a, b = find(rel), find(other)
            if a != b:
                parent[b] = a

    groups = {}
    for rel in minhashes:
        groups.setdefault(find(rel), []).append(rel)
    families = sorted((sorted(g) for g in groups.values() if len(g) >= 2), key=lambda g: (-len(g), g[0]))
    for number, members in enumerate(families, 1):
        first = minhashes[members[0]]
        for rel in members:
            print(f"{number}\t{rel}\t{minhashes[rel].jaccard(first):.3f}")


if __name__ == "__main__":
    main()
