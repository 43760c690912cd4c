//! Every file format: the first byte picks the extension, the rest is the file. The scan's
//! reader and the article reader must agree: no panic, and every article found reads back.

#![no_main]

use libfuzzer_sys::fuzz_target;

const EXTENSIONS: [&str; 9] = [
    "txt", "md", "json", "jsonl", "ndjson", "csv", "tsv", "docx", "markdown",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let extension = EXTENSIONS[pick as usize % EXTENSIONS.len()];
    let dir = tempfile::tempdir_in(std::env::temp_dir()).expect("temp dir");
    let name = format!("input.{extension}");
    std::fs::write(dir.path().join(&name), bytes).expect("write input");
    if let Ok((articles, problems)) = corpus_explorer::corpus::read_one_file(dir.path(), &name) {
        for bad in &problems {
            assert!(
                !bad.at.starts_with("body of"),
                "{extension}: an article found by the scan did not read back: {}: {}",
                bad.at,
                bad.problem
            );
        }
        for article in &articles {
            assert!(!article.title.is_empty(), "{extension}: empty title");
        }
    }
});
