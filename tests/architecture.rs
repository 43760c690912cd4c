//! The shape of the house, checked on the source: imports point one way down the layers
//! (ui → app → search → corpus; the command line beside the app), no files import each other
//! directly or in a loop, the core never names egui, and files stay small.
//!
//! Each file of `src/` is a module. Its edges are the modules it declares (`mod x;`, owner to
//! owned) and every module a path in it names (`use crate::a::b::{c, d::e}`, `super::x::f(…)`),
//! resolved to the deepest module that is a file. A name re-exported by a `mod.rs` therefore
//! counts as an import of that `mod.rs`: inside a module, files import their siblings directly,
//! never through their parent. Code under `#[cfg(test)]` is left out (as `cargo modules
//! dependencies --acyclic` leaves it out without `--cfg-test`).

// Tests fail loudly by design; a test reads as one story (its steps in order, with what each
// checks), so the length limit on functions is for the program's own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a source file (of the program, its tests, benchmarks, examples and fuzz
/// targets) may be, in lines.
const FILE_MAX_LINES: usize = 800;
/// The longest `src/app/mod.rs` may be, in lines.
const APP_MOD_MAX_LINES: usize = 400;

/// Which top-level modules each one may import.
const MAY_IMPORT: [(&str, &[&str]); 7] = [
    ("corpus", &[]),
    ("search", &["corpus"]),
    ("analysis", &["search", "corpus"]),
    ("app", &["analysis", "search", "corpus"]),
    ("cli", &["analysis", "search", "corpus"]),
    ("test_support", &["app", "analysis", "search", "corpus"]),
    ("ui", &["app", "analysis", "search", "corpus"]),
];

/// Layers that never draw: no egui or eframe in them.
const NO_GUI: [&str; 3] = ["corpus", "search", "analysis"];

/// One source file as a module.
struct Module {
    /// `crate::a::b` as `["a", "b"]` (empty for `lib.rs`).
    path: Vec<String>,
    file: PathBuf,
    /// The code, without comments, strings and `#[cfg(test)]` items.
    code: String,
}

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module reachable from `lib.rs` through `mod` declarations outside `#[cfg(test)]`.
fn modules() -> Vec<Module> {
    let mut out = Vec::new();
    let mut todo = vec![(Vec::<String>::new(), src().join("lib.rs"))];
    while let Some((path, file)) = todo.pop() {
        let text = std::fs::read_to_string(&file).unwrap();
        let code = strip(&text);
        let dir = if file.ends_with("lib.rs") || file.ends_with("mod.rs") {
            file.parent().unwrap().to_path_buf()
        } else {
            file.with_extension("")
        };
        for child in declared_modules(&code) {
            let flat = dir.join(format!("{child}.rs"));
            let nested = dir.join(&child).join("mod.rs");
            let child_file = if flat.exists() { flat } else { nested };
            assert!(
                child_file.exists(),
                "{}: no file for mod {child}",
                file.display()
            );
            let mut child_path = path.clone();
            child_path.push(child);
            todo.push((child_path, child_file));
        }
        out.push(Module { path, file, code });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The code without comments, string and character literals (their text could look like
/// paths), and without items under `#[cfg(test)]`.
fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && !is_ident(chars.get(i.wrapping_sub(1)))
        {
            // A raw string: r"…" or r#"…"#.
            let mut hashes = 0;
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3; // 'x'
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    remove_cfg_test_items(&out)
}

fn is_ident(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// Drop every item that follows `#[cfg(test)]`: up to its `;` or its closing brace.
fn remove_cfg_test_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let end = match (item.find(';'), item.find('{')) {
            (Some(semi), Some(brace)) if semi < brace => semi + 1,
            (_, Some(brace)) => {
                let mut depth = 0;
                let mut end = item.len();
                for (i, c) in item[brace..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = brace + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (Some(semi), None) => semi + 1,
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The names of `mod x;` declarations (file modules) in the code.
fn declared_modules(code: &str) -> Vec<String> {
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ';' || c == '{'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for pair in words.windows(2) {
        if pair[0] == "mod"
            && let Some(name) = pair[1].strip_suffix(';')
        {
            out.push(name.to_owned());
        }
    }
    out
}

/// Every path the code names that starts with `crate`, `super` or `self`, with `use` trees
/// expanded (`use a::{b, c::d}` gives `a::b` and `a::c::d`).
fn named_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // `use` trees first, then every other path written out in the code.
    let mut rest = code;
    while let Some(at) = find_word(rest, "use") {
        let tail = &rest[at + 3..];
        let end = tail.find(';').unwrap_or(tail.len());
        expand_tree(&tail[..end], &mut Vec::new(), &mut out);
        rest = &tail[end..];
    }
    let tokens = tokenize(code);
    let mut i = 0;
    while i < tokens.len() {
        if matches!(tokens[i].as_str(), "crate" | "super" | "self")
            && tokens.get(i + 1).is_some_and(|t| t == "::")
            && (i == 0 || tokens[i - 1] != "::")
        {
            let mut path = vec![tokens[i].clone()];
            let mut j = i + 1;
            while tokens.get(j).is_some_and(|t| t == "::")
                && tokens.get(j + 1).is_some_and(|t| is_word(t))
            {
                path.push(tokens[j + 1].clone());
                j += 2;
            }
            // `a::b::{…}` is a use tree: expanded above.
            let tree = tokens.get(j).is_some_and(|t| t == "::")
                && tokens.get(j + 1).is_some_and(|t| t == "{");
            if !tree {
                out.push(path);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find(word) {
        let at = from + at;
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + word.len()).copied();
        let boundary = |b: Option<u8>| b.is_none_or(|b| !(b.is_ascii_alphanumeric() || b == b'_'));
        if boundary(before) && boundary(after) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

fn is_word(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

fn tokenize(code: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = c.to_string();
            while let Some(&n) = chars.peek() {
                if n.is_alphanumeric() || n == '_' {
                    word.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(word);
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            tokens.push("::".to_owned());
        } else if !c.is_whitespace() {
            tokens.push(c.to_string());
        }
    }
    tokens
}

/// Expand one `use` tree into paths, each after `prefix`.
fn expand_tree(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let close = tree.rfind('}').unwrap_or(tree.len());
        let inner = &tree[open + 1..close];
        let depth = prefix.len();
        prefix.extend(head);
        for part in split_top_level(inner) {
            expand_tree(part, prefix, out);
        }
        prefix.truncate(depth);
    } else {
        let path = tree.split(" as ").next().unwrap_or(tree);
        let mut full = prefix.clone();
        full.extend(
            path.split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "*")
                .map(str::to_owned),
        );
        if full.len() > prefix.len() || !full.is_empty() {
            out.push(full);
        }
    }
}

fn split_top_level(inner: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// The file module a path names from `module` (`None` for other crates and the module
/// itself).
fn resolve(
    module: &[String],
    path: &[String],
    files: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let mut absolute: Vec<String> = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("super") => module[..module.len().saturating_sub(1)].to_vec(),
        Some("self") => module.to_vec(),
        _ => return None,
    };
    let mut rest = &path[1..];
    while rest.first().is_some_and(|s| s == "super") {
        absolute.pop();
        rest = &rest[1..];
    }
    absolute.extend(rest.iter().cloned());
    (0..=absolute.len())
        .rev()
        .map(|n| absolute[..n].to_vec())
        .find(|prefix| files.contains(prefix))
        .filter(|target| target != module)
}

fn name(path: &[String]) -> String {
    if path.is_empty() {
        "crate".to_owned()
    } else {
        format!("crate::{}", path.join("::"))
    }
}

/// Owner-to-owned and import edges between file modules.
fn edges(modules: &[Module]) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files: BTreeSet<Vec<String>> = modules.iter().map(|m| m.path.clone()).collect();
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for module in modules {
        let targets = graph.entry(module.path.clone()).or_default();
        for child in declared_modules(&module.code) {
            let mut path = module.path.clone();
            path.push(child);
            targets.insert(path);
        }
        for path in named_paths(&module.code) {
            if let Some(target) = resolve(&module.path, &path, &files) {
                targets.insert(target);
            }
        }
    }
    graph
}

/// A cycle in the graph, if there is one.
fn find_cycle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<Vec<String>>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        marks: &mut BTreeMap<Vec<String>, Mark>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = stack.iter().position(|n| n == node).unwrap_or(0);
                let mut cycle = stack[start..].to_vec();
                cycle.push(node.clone());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node.clone(), Mark::Open);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, marks, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        marks.insert(node.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, graph, &mut marks, &mut Vec::new()) {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn no_files_import_each_other_directly_or_in_a_loop() {
    let modules = modules();
    assert!(modules.len() > 40, "only {} modules found", modules.len());
    let graph = edges(&modules);
    // `ARCHITECTURE_GRAPH=1 cargo test --test architecture -- --nocapture` prints the graph.
    if std::env::var_os("ARCHITECTURE_GRAPH").is_some() {
        for (from, targets) in &graph {
            let names: Vec<String> = targets.iter().map(|t| name(t)).collect();
            println!("{} → {}", name(from), names.join(", "));
        }
    }
    if let Some(cycle) = find_cycle(&graph) {
        let names: Vec<String> = cycle.iter().map(|p| name(p)).collect();
        panic!("modules import each other in a loop: {}", names.join(" → "));
    }
}

#[test]
fn imports_point_down_the_layers() {
    let modules = modules();
    let graph = edges(&modules);
    let mut wrong = Vec::new();
    for (from, targets) in &graph {
        let Some(from_layer) = from.first() else {
            continue; // lib.rs owns every layer.
        };
        let allowed = MAY_IMPORT
            .iter()
            .find(|(layer, _)| layer == from_layer)
            .map(|(_, allowed)| *allowed);
        let Some(allowed) = allowed else {
            wrong.push(format!("{} is in no known layer", name(from)));
            continue;
        };
        for target in targets {
            let Some(to_layer) = target.first() else {
                wrong.push(format!("{} imports the crate root", name(from)));
                continue;
            };
            if to_layer != from_layer && !allowed.contains(&to_layer.as_str()) {
                wrong.push(format!("{} imports {}", name(from), name(target)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_core_never_names_the_gui() {
    let mut named = Vec::new();
    for module in modules() {
        let in_core = module
            .path
            .first()
            .is_some_and(|layer| NO_GUI.contains(&layer.as_str()));
        let tokens = tokenize(&module.code);
        if in_core
            && tokens
                .iter()
                .any(|t| t == "egui" || t == "eframe" || t == "egui_extras")
        {
            named.push(module.file.display().to_string());
        }
    }
    assert!(named.is_empty(), "GUI crates named in the core: {named:?}");
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn files_stay_small() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches", "examples", "fuzz/fuzz_targets"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 60, "only {} files found", files.len());
    let app_mod = root.join("src/app/mod.rs");
    let mut long = Vec::new();
    for file in files {
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        let limit = if file == app_mod {
            APP_MOD_MAX_LINES
        } else {
            FILE_MAX_LINES
        };
        if lines > limit {
            long.push(format!(
                "{}: {lines} lines (at most {limit})",
                file.display()
            ));
        }
    }
    assert!(long.is_empty(), "files too long:\n{}", long.join("\n"));
}

#[test]
fn the_checker_sees_a_loop_and_an_upward_import() {
    // The checker itself, on a made-up crate: it must not pass everything.
    let module = |path: &[&str], code: &str| Module {
        path: path.iter().map(|s| (*s).to_owned()).collect(),
        file: Path::new("made-up.rs").to_path_buf(),
        code: strip(code),
    };
    let looped = [
        module(&[], "mod corpus; mod ui;"),
        module(&["corpus"], "mod a; mod b;"),
        module(&["corpus", "a"], "use super::b::{Thing, other::X};"),
        module(
            &["corpus", "b"],
            "fn f() { crate::corpus::a::g(); } // crate::ui::x",
        ),
        module(&["ui"], "#[cfg(test)]\nmod tests { use crate::ui::Y; }"),
    ];
    let graph = edges(&looped);
    let cycle = find_cycle(&graph).expect("a → b → a is a loop");
    assert!(cycle.len() >= 3, "{cycle:?}");
    let b = graph
        .get(&vec!["corpus".to_owned(), "b".to_owned()])
        .unwrap();
    assert!(
        !b.contains(&vec!["ui".to_owned()]),
        "a path in a comment is not an import"
    );
    let upward = [
        module(&[], "mod corpus; mod app;"),
        module(&["corpus"], "use crate::app::State;"),
        module(&["app"], ""),
    ];
    let graph = edges(&upward);
    assert!(graph[&vec!["corpus".to_owned()]].contains(&vec!["app".to_owned()]));
    assert!(find_cycle(&graph).is_none());
    // An item under #[cfg(test)] is left out; a `mod` in a string is not a module.
    assert!(declared_modules(&strip("#[cfg(test)]\nmod tests;\nlet s = \"mod x;\";")).is_empty());
}
