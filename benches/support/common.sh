# What the comparison scripts in benches/ share (sourced, from the project's root).

# need_tools COMMAND=PACKAGE...: install with apt-get (as root) the packages of the commands
# that are missing.
need_tools() {
    local need=() pair
    for pair in "$@"; do
        command -v "${pair%%=*}" >/dev/null || need+=("${pair#*=}")
    done
    if ((${#need[@]})); then
        echo "installing ${need[*]}" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    fi
}

# generated_corpus DIR N SEED: write N generated articles to DIR, unless DIR holds files
# already (then they are used as they are); then say what DIR holds.
generated_corpus() {
    if [[ -d "$1" && -n "$(ls -A "$1")" ]]; then
        echo "reusing the files already in $1" >&2
    else
        target/release/examples/make_corpus "$1" "$2" --seed "$3"
    fi
    echo "corpus: $(find "$1" -type f | wc -l) files, $(du -sh "$1" | cut -f1) in $1"
}

# cold_python_warm RUNS NAME OURS PYTHON: one hyperfine run, RUNS times each, of our command
# OURS on an empty cache ("cold": $WORK/cache removed before each run), the Python script
# PYTHON, and OURS again ("warm", the cache kept), output thrown away; then the table and the
# ratios to Python. OURS and PYTHON are shell command lines; results go to $WORK/results.*.
cold_python_warm() {
    local runs="$1" name="$2" ours="$3" python="$4"
    hyperfine --runs "$runs" \
        --export-markdown "$WORK/results.md" --export-json "$WORK/results.json" \
        --prepare "rm -rf '$WORK/cache'" \
        --command-name "corpus-explorer $name (cold)" "$ours > /dev/null 2>&1" \
        --prepare "true" \
        --command-name "python3 ${name}_baseline.py" "$python > /dev/null" \
        --prepare "true" \
        --command-name "corpus-explorer $name (warm)" "$ours > /dev/null 2>&1"
    echo
    cat "$WORK/results.md"
    echo
    jq -r '.results as $r
        | "mean: python \($r[1].mean * 1000 | floor) ms, cold \($r[0].mean * 1000 | floor) ms, warm \($r[2].mean * 1000 | floor) ms; "
        + "cold / python = \(($r[0].mean / $r[1].mean) * 1000 | round / 1000), "
        + "warm / python = \(($r[2].mean / $r[1].mean) * 1000 | round / 1000)"' "$WORK/results.json"
}

# rss_mib COMMAND...: the peak RSS of a run of COMMAND, in MiB.
rss_mib() {
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.0f", $1 / 1024 }'
}
