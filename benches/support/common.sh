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
