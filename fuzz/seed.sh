#!/usr/bin/env bash
# Seed the fuzz targets' corpora from sample-data (run from the repository's root).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/fuzz/corpus"
mkdir -p "$out/file_formats" "$out/dates" "$out/query" "$out/plain_text_layout"
extensions=(txt md json jsonl ndjson csv tsv docx markdown)
i=0
while IFS= read -r -d '' file; do
    ext="${file##*.}"
    for k in "${!extensions[@]}"; do
        if [[ "${extensions[$k]}" == "$ext" ]]; then
            { printf "\\x$(printf %02x "$k")"; cat "$file"; } > "$out/file_formats/seed-$i"
            i=$((i + 1))
        fi
    done
    if [[ "$ext" == "txt" ]]; then
        cp "$file" "$out/plain_text_layout/seed-$i"
    fi
done < <(find "$root/sample-data" -type f -print0)
n=0
for date in "2017-05-04" "May 4, 2017" "4 May 2017" "Thursday, May 4, 2017" \
    "January 11, 2010 Monday" "2017/05/04" "2017-05-04T23:30:00-04:00" \
    "Thu, 04 May 2017 10:00:00 +0000" "04/05/2017" "Spring 2017" "4.5.2017"; do
    printf '%s' "$date" > "$out/dates/seed-$n"
    n=$((n + 1))
done
n=0
for query in 'bridge' 'bridge collapse' 'bridge OR tunnel' '(bridge OR tunnel) -ferry' \
    '"bridge collapse"' 'contract*' 'title:verdict' 'title:"a phrase"' 'Félix U.S.'; do
    printf '%s' "$query" > "$out/query/seed-$n"
    n=$((n + 1))
done
echo "seeded $i files from sample-data"
