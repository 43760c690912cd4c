#!/usr/bin/env bash
# Remake the small fonts the window tests render non-Latin text with: subsets of Noto Sans
# (SIL Open Font License 1.1, see OFL.txt) holding the characters of sample-data and
# tests/fixtures in the scripts the default fonts lack. Needs Debian's fonts-noto-core and
# fonts-noto-cjk and `pip install fonttools`.
set -euo pipefail
cd "$(dirname "$0")"
root=../..
chars() { # the characters of sample-data and tests/fixtures in Unicode blocks $1..$2 (hex)
  python3 - "$1" "$2" "$root" <<'PY'
import pathlib, sys
low, high, root = int(sys.argv[1], 16), int(sys.argv[2], 16), pathlib.Path(sys.argv[3])
found = set()
for folder in ("sample-data", "tests/fixtures"):
    for path in (root / folder).rglob("*"):
        if path.is_file():
            found.update(c for c in path.read_text("utf-8", "ignore") if low <= ord(c) <= high)
print("".join(sorted(found)))
PY
}
noto=/usr/share/fonts/truetype/noto
subset() { # source, output, text
  pyftsubset "$1" --output-file="$2" --text="$3" --layout-features='*' --no-hinting \
    --desubroutinize --name-IDs='*' --notdef-outline ${4:+--font-number=$4}
}
subset "$noto/NotoSansArabic-Regular.ttf" NotoSansArabic-Subset.ttf "$(chars 0600 06FF)"
subset "$noto/NotoSansHebrew-Regular.ttf" NotoSansHebrew-Subset.ttf "$(chars 0590 05FF)"
subset "$noto/NotoSansDevanagari-Regular.ttf" NotoSansDevanagari-Subset.ttf "$(chars 0900 097F)"
# CJK: ideographs, kana, hangul and CJK punctuation; font 0 of the collection is the Japanese.
subset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc NotoSansCJK-Subset.otf \
  "$(chars 3000 30FF)$(chars 3400 9FFF)$(chars AC00 D7AF)$(chars FF00 FFEF)" 0
ls -l ./*.ttf ./*.otf
