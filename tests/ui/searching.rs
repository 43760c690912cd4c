//! The search box, the reader's hits and the concordance.

use super::*;

/// The titles of the sample articles that match `query`, read from the files with the
/// reference matcher.
fn matching_titles(app: &AppState, query: &str) -> Vec<String> {
    let corpus = app.corpus.as_ref().unwrap();
    let mut matcher =
        corpus_explorer::search::Matcher::new(corpus_explorer::search::parse(query).unwrap());
    let mut titles: Vec<String> = corpus
        .articles
        .iter()
        .filter(|a| {
            let body = corpus_explorer::corpus::load_body(&corpus.root, a, 1 << 20).unwrap();
            matcher.run(&a.title, &body.text).is_some()
        })
        .map(|a| a.title.to_string())
        .collect();
    titles.sort();
    titles
}

#[test]
fn typing_a_query_filters_the_table_and_the_reader_steps_through_highlighted_hits() {
    let mut h = loaded_sample();
    assert!(matches!(
        h.state().state().search.index,
        IndexState::Ready(..)
    ));
    search_for(&mut h, "bridge");
    let app = h.state().state();
    let mut shown = titles(app);
    shown.sort();
    assert_eq!(shown, matching_titles(app, "bridge"));
    assert!(shown.len() > 3 && shown.len() < 60, "{shown:?}");
    assert!(app.search.results.as_ref().unwrap().used_index);
    let hits = app.view.hits;
    h.get_by_label_contains(&format!("{hits} hits for bridge"));

    // The Hits column sorts, most hits first.
    h.get_by_label("Hits").click();
    h.run_steps(2);
    let app = h.state().state();
    let counts = app.search.counts().unwrap();
    let sorted: Vec<u32> = app.view.ids.iter().map(|&id| counts[id as usize]).collect();
    assert!(sorted.windows(2).all(|w| w[0] >= w[1]), "{sorted:?}");

    // The reader shows the first hit of the selected article; Next and Previous step through
    // them, wrapping around.
    h.get_by_label("Jury Convicts Contractor Tobias Halvard in Kestrel Bridge Collapse")
        .click();
    h.step();
    settle(&mut h);
    let count = h.state().state().reader.hit_count();
    assert!(count >= 3, "{count}");
    h.get_by_label(&format!("hit 1 of {count}"));
    h.get_by_label("Next hit").click();
    h.run_steps(2);
    h.get_by_label(&format!("hit 2 of {count}"));
    h.get_by_label("Previous hit").click();
    h.get_by_label("Previous hit").click();
    h.run_steps(2);
    h.get_by_label(&format!("hit {count} of {count}"));
    // Enter in the reader moves on too.
    h.state_mut().app_mut().push(Command::FocusReader(true));
    h.step();
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    h.get_by_label(&format!("hit 1 of {count}"));
    snapshot(&mut h, "search");

    // Combined with the date filter.
    h.get_by_label("Presets").click();
    h.run_steps(2);
    h.get_by_label("2021").click();
    h.run_steps(3);
    let app = h.state().state();
    assert!(
        dates(app)
            .iter()
            .all(|d| d.is_none_or(|d| d.year() == 2021))
    );
    assert!(!app.view.ids.is_empty() && app.view.ids.len() < shown.len());

    // Clearing the search brings every article of the range back.
    search_for(&mut h, "");
    assert!(h.state().state().search.results.is_none());
    assert!(h.query_by_label("Hits").is_none());
}

#[test]
fn a_malformed_query_is_shown_with_a_hint_and_changes_nothing() {
    let mut h = loaded_sample();
    search_for(&mut h, "\"kestrel narrows");
    h.get_by_label_contains("quotation mark is not closed");
    assert!(h.state().state().search.results.is_none());
    assert_eq!(h.state().state().view.ids.len(), 62);
    // Closing the quote makes it a phrase query.
    let search = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap();
    search.focus();
    h.step();
    h.key_press(egui::Key::End);
    h.get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap()
        .type_text("\"");
    h.step();
    settle(&mut h);
    let app = h.state().state();
    assert!(app.search.error.is_none());
    let mut shown = titles(app);
    shown.sort();
    assert_eq!(shown, matching_titles(app, "\"kestrel narrows\""));
    assert!(!shown.is_empty());
}

#[test]
fn concordance_lines_sort_by_context_open_the_article_at_the_hit_and_export() {
    let mut h = loaded_sample();
    search_for(&mut h, "bridge");
    let lines = h.state().state().search.concordance.len() as u64;
    assert_eq!(lines, h.state().state().view.hits, "one line per hit");
    h.get_by_label(&format!("Concordance ({lines} hits)"))
        .click();
    h.run_steps(2);
    snapshot(&mut h, "concordance");

    // Sorted by the word just left of the hit.
    h.get_by_label("Left context").click();
    h.run_steps(2);
    let app = h.state().state();
    let results = app.search.results.as_ref().unwrap();
    let nearest_left: Vec<String> = app
        .search
        .concordance
        .iter()
        .map(|&i| {
            let left = &results.lines[i as usize].left;
            left.split_whitespace()
                .next_back()
                .unwrap_or_default()
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let mut sorted = nearest_left.clone();
    sorted.sort();
    assert_eq!(nearest_left, sorted);

    // A click on a line opens its article at that hit.
    let third = app.search.concordance[2];
    let line = results.lines[third as usize].clone();
    let article = app.corpus.as_ref().unwrap().articles[line.article as usize].clone();
    let right = line.right.to_string();
    h.get_by_label(&right).click();
    h.step();
    settle(&mut h);
    let app = h.state().state();
    assert_eq!(app.selection, Some(line.article));
    assert_eq!(app.reader.current_hit, line.hit as usize);
    h.get_by_label(&format!(
        "hit {} of {}",
        line.hit + 1,
        h.state().state().reader.hit_count()
    ));
    assert_eq!(
        h.state().state().reader.hit_count() as u32,
        h.state().state().search.counts().unwrap()[line.article as usize]
    );
    assert!(!article.title.is_empty());

    // Export writes the lines as shown.
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("lines.csv");
    h.state_mut()
        .app_mut()
        .push(Command::ExportConcordanceTo(csv.clone()));
    let started = Instant::now();
    while h.query_by_label_contains("Exported").is_none() {
        h.step();
        assert!(started.elapsed() < Duration::from_secs(10), "no export");
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() as u64, lines);
    assert_eq!(&rows[0][1], &*results_left(&h, 0));
}

fn results_left(h: &Harness<'static, CorpusWindow>, row: usize) -> String {
    let app = h.state().state();
    let results = app.search.results.as_ref().unwrap();
    results.lines[app.search.concordance[row] as usize]
        .left
        .to_string()
}

#[test]
fn search_reads_every_article_when_there_is_no_index() {
    let mut h = harness(Settings::default(), None);
    h.state_mut().app_mut().set_cache_root(None);
    h.step();
    drop_folder(&mut h, sample_data());
    assert!(matches!(
        h.state().state().search.index,
        IndexState::NotStarted
    ));
    search_for(&mut h, "astrolabe OR trawler");
    let app = h.state().state();
    assert!(!app.search.results.as_ref().unwrap().used_index);
    let mut shown = titles(app);
    shown.sort();
    assert_eq!(shown, matching_titles(app, "astrolabe OR trawler"));
    assert!(shown.len() >= 3);
}

/// With the reader open and a search in effect, the Hits column is whole on screen at the
/// default window size, and at the smallest window the table scrolls sideways to reach it.
#[test]
fn the_hits_column_is_readable_or_reachable() {
    let mut h = loaded_sample();
    h.state_mut().app_mut().push(Command::SelectRow(0));
    settle(&mut h);
    search_for(&mut h, "the");
    let header = h.get_by_label("Hits").rect();
    let reader_left = h.get_by_label("Copy text").rect().left();
    assert!(
        header.right() <= reader_left,
        "Hits {header:?}, reader at {reader_left}"
    );
    let counts = h.state().state().search.counts().unwrap().to_vec();
    let most = counts
        .iter()
        .copied()
        .filter(|&c| c != u32::MAX)
        .max()
        .unwrap();
    assert!(most >= 10, "a two-digit count: {most}");
    let cell = h.get_by_label(&most.to_string()).rect();
    assert!(
        cell.left() >= header.left() - 1.0 && cell.right() <= reader_left,
        "count {cell:?} under Hits {header:?}"
    );
    // The smallest window: the columns that do not fit are reached by scrolling sideways.
    h.set_size(egui::vec2(640.0, 400.0));
    for _ in 0..4 {
        h.step();
    }
    let table_right = h.get_by_label("Copy text").rect().left();
    // A point over the table's rows, whichever columns are in view.
    let over_table = egui::pos2(
        table_right / 2.0,
        h.get_by_label("Date").rect().bottom() + 40.0,
    );
    for _ in 0..20 {
        if h.get_by_label("Hits").rect().right() <= table_right {
            break;
        }
        h.event(egui::Event::PointerMoved(over_table));
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(-120.0, 0.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        // Scrolling is animated: a few frames to get there.
        for _ in 0..10 {
            h.step();
        }
    }
    let hits = h.get_by_label("Hits").rect();
    assert!(
        hits.right() <= table_right,
        "Hits at {hits:?}, table ends at {table_right}"
    );
}

/// A Chinese article: a word inside a run of characters is found, highlighted in the reader
/// and shown in the concordance (with the project's fonts, so no font need be installed).
#[test]
fn a_chinese_word_inside_a_run_is_found_and_highlighted() {
    if rerun_with_project_fonts("searching::a_chinese_word_inside_a_run_is_found_and_highlighted") {
        return;
    }
    let mut h = harness(Settings::default(), None);
    h.step();
    drop_folder(&mut h, fixtures().join("cjk/harbour-museum-zh.txt"));
    assert_eq!(
        &*h.state().state().selected_article().unwrap().title,
        "港口博物馆追回被盗星盘"
    );
    search_for(&mut h, "记录就是");
    wait_for_reader_hits(&mut h);
    assert_eq!(h.state().state().view.ids.len(), 1);
    h.get_by_label_contains("hit 1 of 1");
    h.get_by_label_contains("记录就是保护");
    h.get_by_label_contains("Concordance (1 hit)").click();
    h.run_steps(3);
    h.get_by_label("记录就是");
}

/// File → Export table… writes the rows shown, in their order, with the columns and keys of
/// `list` and the hits of the search, as CSV or JSON Lines.
#[test]
fn the_table_exports_as_shown_in_csv_and_json_lines() {
    let mut h = loaded_sample();
    search_for(&mut h, "ferry");
    h.get_all_by_label("Words").last().unwrap().click(); // the column, after the tab
    h.run_steps(3);
    let app = h.state().state();
    let corpus = app.corpus.as_ref().unwrap();
    let counts = app.search.counts().unwrap();
    let shown: Vec<(String, u32)> = app
        .view
        .ids
        .iter()
        .map(|&id| {
            (
                corpus.articles[id as usize].path.to_string(),
                counts[id as usize],
            )
        })
        .collect();
    assert!(shown.len() > 5);
    let out = tempfile::tempdir().unwrap();
    let (csv_path, jsonl_path) = (out.path().join("rows.csv"), out.path().join("rows.jsonl"));
    for path in [&csv_path, &jsonl_path] {
        h.state_mut()
            .app_mut()
            .push(Command::ExportTableTo(path.clone()));
        let started = Instant::now();
        loop {
            h.step();
            let notice = h.state().state().notice.as_ref().map(ToString::to_string);
            if notice
                .as_deref()
                .is_some_and(|n| n.contains(path.to_str().unwrap()))
            {
                assert!(
                    notice
                        .unwrap()
                        .starts_with(&format!("Exported {} table rows", shown.len())),
                    "the banner says how many rows"
                );
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "no export");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    // CSV: the columns of `list`, then hits; the rows in the table's order.
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let mut wanted = corpus_explorer::corpus::export::ARTICLE_COLUMNS
        .map(str::to_owned)
        .to_vec();
    wanted.push("hits".to_owned());
    assert_eq!(header, wanted);
    let rows: Vec<(String, u32)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[16].parse().unwrap())
        })
        .collect();
    assert_eq!(rows, shown);
    // JSON Lines: the keys of `list --format jsonl` and hits; each object is `list`'s.
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&jsonl_path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paths: Vec<(String, u32)> = lines
        .iter()
        .map(|l| {
            (
                l["path"].as_str().unwrap().to_owned(),
                l["hits"].as_u64().unwrap() as u32,
            )
        })
        .collect();
    assert_eq!(paths, shown);
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_corpus-explorer"))
        .args(["list", sample_data().to_str().unwrap(), "--format", "jsonl"])
        .output()
        .unwrap();
    let listed: Vec<serde_json::Value> = String::from_utf8(listed.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for line in &lines {
        let mut without_hits = line.clone();
        without_hits.as_object_mut().unwrap().remove("hits");
        assert!(listed.contains(&without_hits), "{line}");
    }
}
