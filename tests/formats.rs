//! The formats beyond plain text — news-please JSON, JSON Lines, CSV/TSV, LexisNexis text
//! batches, Nexis Uni DOCX exports and front matter — over the project's sample-data and over
//! files built in a temporary directory: the fields each reader extracts, how files holding many
//! articles split (in file order), where bad records are reported, that one article's body is
//! read again from its own span (with its extra fields, and noticing a file changed since the
//! scan), why an undated article is undated, the `list` command per format, that the totals add
//! up, and that ten thousand records in one file all arrive with their dates.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// Tests fail loudly by design.
// A test reads as one story, its steps in order with what each checks: the length limit is
// for the program's functions.
#![allow(clippy::too_many_lines)]

mod common;
use common::{assert_totals_add_up, day, sample_data, write};

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use chrono::NaiveDate;
use corpus_explorer::corpus::formats::dates::parse_date;
use corpus_explorer::corpus::{
    Article, ArticleBody, Corpus, DEFAULT_BODY_MAX_BYTES, FormatKind, SkipReason, load_body,
    scan_folder,
};

/// Scan a folder of sample-data (`""`: all of it), checking the totals.
fn scan_sample(folder: &str) -> Corpus {
    let corpus = scan_folder(&sample_data().join(folder)).unwrap();
    assert_totals_add_up(&corpus);
    corpus
}

/// The articles of one file, in file order.
fn articles_in<'a>(corpus: &'a Corpus, path: &str) -> Vec<&'a Article> {
    let found: Vec<&Article> = corpus
        .articles
        .iter()
        .filter(|a| &*a.path == path)
        .collect();
    assert!(
        !found.is_empty(),
        "no article in {path}; have {:?}; skipped {:?}",
        corpus.articles.iter().map(|a| &a.path).collect::<Vec<_>>(),
        corpus.skipped
    );
    found
}

/// The one article of a file.
fn only_article<'a>(corpus: &'a Corpus, path: &str) -> &'a Article {
    let found = articles_in(corpus, path);
    assert_eq!(found.len(), 1, "{path}");
    found[0]
}

/// Title, date, source and authors: what the table shows of an article.
fn shown(a: &Article) -> (&str, Option<NaiveDate>, &str, Option<&str>) {
    (&a.title, a.date, a.source(), a.meta().authors.as_deref())
}

fn body(corpus: &Corpus, article: &Article) -> ArticleBody {
    load_body(&corpus.root, article, DEFAULT_BODY_MAX_BYTES).unwrap()
}

fn fields(body: &ArticleBody) -> Vec<(&str, &str)> {
    body.fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// The bad records listed for a file, as (position, problem).
fn bad_records(corpus: &Corpus, path: &str) -> Vec<(String, String)> {
    corpus
        .skipped
        .iter()
        .filter(|s| s.path == path)
        .filter_map(|s| match &s.reason {
            SkipReason::BadRecord { at, problem } => Some((at.clone(), problem.clone())),
            _ => None,
        })
        .collect()
}

/// The line (1-based) of a byte offset of a file.
fn line_of(bytes: &[u8], offset: u64) -> usize {
    1 + bytes[..offset as usize]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// The lines of a file where each of its articles' spans starts.
fn span_lines(corpus: &Corpus, path: &str) -> Vec<usize> {
    let bytes = fs::read(corpus.root.join(path)).unwrap();
    articles_in(corpus, path)
        .iter()
        .map(|a| {
            line_of(
                &bytes,
                a.span.expect("a multi-article record has a span").start,
            )
        })
        .collect()
}

/// Assert `text` holds `own` and none of `neighbours`.
fn assert_own_text(text: &str, own: &str, neighbours: &[&str]) {
    assert!(text.contains(own), "missing {own:?} in {text:?}");
    for other in neighbours {
        assert!(!text.contains(other), "neighbour's {other:?} in {text:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// JSON and JSON Lines

#[test]
fn news_please_json_files_give_title_date_outlet_authors_url_and_language() {
    let corpus = scan_sample("crawls");
    let late = only_article(&corpus, "news-please/margarethe-late-crossing.json");
    assert_eq!(
        shown(late),
        (
            "Margarethe Ferry to Add Late-Evening Crossing From April",
            day(2019, 3, 14),
            "www.coastalherald.example",
            Some("Niamh Carrow-Bell")
        )
    );
    assert_eq!(
        late.meta().url.as_deref(),
        Some("https://www.coastalherald.example/news/2019/03/14/margarethe-ferry-late-crossing")
    );
    assert_eq!(late.meta().language.as_deref(), Some("en"));
    assert_eq!(late.meta().date_problem, None);
    assert_eq!(late.format, FormatKind::Json);
    assert!(!late.title_derived());
    assert_eq!(late.span, None, "one article per file: no span");
    let size = fs::metadata(sample_data().join("crawls/news-please/margarethe-late-crossing.json"))
        .unwrap()
        .len();
    assert_eq!(late.size_bytes, size);

    let mender = only_article(&corpus, "news-please/greyhaven-net-mender.json");
    assert_eq!(
        shown(mender),
        (
            "In Greyhaven, the Last Net-Mender Takes an Apprentice",
            None,
            "www.valleywire.example",
            Some("Tomasz Eriksen-Vale; Adaeze Fairlie")
        )
    );
    assert_eq!(mender.meta().language.as_deref(), Some("en"));

    let astrolabe = only_article(&corpus, "news-please/astrolabium-nordmoewensiel.json");
    assert_eq!(
        shown(astrolabe),
        (
            "Gestohlenes Astrolabium aus Wrenhaven zu Gast in Nordmöwensiel",
            None,
            "www.kuestenbote.example",
            Some("Friederike Ahlgrimm")
        )
    );
    assert_eq!(astrolabe.meta().language.as_deref(), Some("de"));
    assert_eq!(
        astrolabe.meta().url.as_deref(),
        Some("https://www.kuestenbote.example/kultur/astrolabium-wrenhaven-nordmoewensiel")
    );

    // The body is `maintext` (not the null `text`); the keys without a role are for the reader.
    let late_body = body(&corpus, late);
    assert!(
        late_body
            .text
            .starts_with("Merrow County will add a late-evening crossing"),
        "{}",
        late_body.text
    );
    assert!(late_body.text.ends_with("approved after the collapse."));
    assert_eq!(
        fields(&late_body),
        [
            ("date_download", "2019-03-14 11:02:47"),
            ("date_modify", "2019-03-14 11:02:47"),
            (
                "description",
                "Merrow County will add a 10:15 p.m. sailing between Gull Point and Port Alder \
                 after shift workers at the peninsula’s fish plants complained of being stranded."
            ),
            (
                "filename",
                "https%3A%2F%2Fwww.coastalherald.example%2Fnews%2F2019%2F03%2F14%2Fmargarethe-ferry-late-crossing.json"
            ),
            (
                "image_url",
                "https://www.coastalherald.example/media/2019/03/margarethe-dusk.jpg"
            ),
        ]
    );
    assert!(!late_body.changed_since_scan && !late_body.truncated);
}

#[test]
fn json_lines_split_into_one_article_per_line_in_file_order() {
    let corpus = scan_sample("crawls");
    let feed: Vec<_> = articles_in(&corpus, "feed.jsonl")
        .into_iter()
        .map(shown)
        .collect();
    assert_eq!(
        feed,
        [
            (
                "Families Ask to Read Statements at Halvard Sentencing",
                day(2021, 6, 2),
                "Court News Service",
                Some("Priyanka Dunmore")
            ),
            (
                "South Tower of New Kestrel Narrows Bridge Reaches Full Height",
                day(2021, 6, 3),
                "Coastal Herald",
                None
            ),
            (
                "Fisheries Council Agrees to Private Talks With Greyhaven Cooperative",
                day(2021, 6, 4),
                "Valley Wire",
                Some("Tomasz Eriksen-Vale")
            ),
            (
                "Gull Point Youth Sailors Return to the Tern Reef Regatta",
                day(2021, 6, 5),
                "Coastal Herald",
                None
            ),
            (
                "Calloway Valley Growers Face Irrigation Cuts as Reservoir Falls",
                day(2021, 6, 6),
                "Valley Wire",
                Some("Adaeze Fairlie")
            ),
            (
                "Kroft Asks for Probation, Citing Cooperation With Investigators",
                day(2021, 6, 7),
                "Court News Service",
                Some("Priyanka Dunmore")
            ),
            (
                "Letters: Give the Margarethe a Proper Farewell",
                None,
                "Coastal Herald",
                None
            ),
        ]
    );
    // Each article's span is its line; line 6 is the broken one.
    assert_eq!(span_lines(&corpus, "feed.jsonl"), [1, 2, 3, 4, 5, 7, 8]);
    let first = articles_in(&corpus, "feed.jsonl")[0];
    assert_eq!(first.format, FormatKind::JsonLines);
    assert_eq!(
        first.meta().url.as_deref(),
        Some("https://www.courtnewsservice.example/2021/06/02/halvard-families-statements")
    );
    assert_eq!(first.meta().language.as_deref(), Some("en"));
    assert_eq!(first.dateline.as_deref(), Some("MERROW CITY (CNS)"));

    let wire: Vec<_> = articles_in(&corpus, "wire.ndjson")
        .into_iter()
        .map(shown)
        .collect();
    assert_eq!(
        wire,
        [
            (
                "Farraday Rules Out Recount After Narrow Defeat",
                day(2024, 11, 7),
                "www.valleywire.example",
                Some("Tomasz Eriksen-Vale")
            ),
            (
                "Seven Bells Campaign to Close, Its Work ‘Mostly Done’",
                None,
                "www.coastalherald.example",
                Some("Niamh Carrow-Bell; Marisol Quintero-Haig")
            ),
            (
                "Åberg Sworn In, Orders Inspection Reports Online Within 30 Days",
                day(2025, 1, 6),
                "www.coastalherald.example",
                None
            ),
        ]
    );
    assert_eq!(span_lines(&corpus, "wire.ndjson"), [1, 2, 3]);
    assert!(
        articles_in(&corpus, "wire.ndjson")
            .iter()
            .all(|a| a.format == FormatKind::JsonLines && a.meta().language.is_none())
    );
}

#[test]
fn the_broken_line_of_the_sample_feed_is_reported_as_line_6_and_the_rest_load() {
    let corpus = scan_sample("crawls");
    assert_eq!(
        bad_records(&corpus, "feed.jsonl"),
        [(
            "line 6".to_owned(),
            "not valid JSON: EOF while parsing a string (column 501)".to_owned()
        )]
    );
    assert_eq!(corpus.skipped.len(), 1, "{:?}", corpus.skipped);
    assert_eq!(corpus.progress.bad_records, 1);
    assert_eq!(corpus.progress.skipped, 0);
    assert_eq!(corpus.progress.files_seen, 5);
    assert_eq!(corpus.progress.article_files, 5);
    assert_eq!(corpus.progress.articles, 13);
    // Nothing of line 6 became an article.
    assert!(
        corpus
            .articles
            .iter()
            .all(|a| !a.title.contains("Library Opens Reading Room"))
    );
}

#[test]
fn a_broken_json_line_names_a_column_inside_that_line() {
    // The problem's column must point into the line, not past its line break (`column 0`).
    let dir = tempfile::tempdir().unwrap();
    let cut = r#"{"headline": "Cut Short", "body": "The crawler stopped here"#;
    write(
        dir.path(),
        "feed.jsonl",
        format!(
            "{{\"headline\": \"Whole\", \"body\": \"Complete line.\"}}\n{cut}\n{{\"headline\": \"After\", \"body\": \"Read anyway.\"}}\n"
        ),
    );
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    let titles: Vec<&str> = corpus.articles.iter().map(|a| &*a.title).collect();
    assert_eq!(titles, ["Whole", "After"]);
    let bad = bad_records(&corpus, "feed.jsonl");
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(bad[0].0, "line 2");
    let problem = &bad[0].1;
    assert!(problem.starts_with("not valid JSON: "), "{problem}");
    let column: usize = problem
        .rsplit_once("(column ")
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no column in {problem:?}"));
    assert!(
        (1..=cut.len() + 1).contains(&column),
        "column {column} is not inside the {}-character line: {problem}",
        cut.len()
    );
}

#[test]
fn a_json_array_is_split_and_a_non_object_element_is_reported_by_number() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "batch.json",
        r#"[
  {"title": "Alpha Story", "text": "Alpha body.", "date": "2020-02-01"},
  42,
  {"title": "Gamma Story", "text": "Gamma body.", "date": "2020-02-03", "section": "Local"},
  {"id": 9}
]"#,
    );
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    let got: Vec<_> = corpus
        .articles
        .iter()
        .map(|a| (&*a.title, a.date))
        .collect();
    assert_eq!(
        got,
        [
            ("Alpha Story", day(2020, 2, 1)),
            ("Gamma Story", day(2020, 2, 3))
        ]
    );
    assert!(corpus.articles.iter().all(|a| a.format == FormatKind::Json));
    assert_eq!(
        bad_records(&corpus, "batch.json"),
        [
            ("element 2".to_owned(), "not a JSON object".to_owned()),
            ("element 4".to_owned(), "no title and no text".to_owned())
        ]
    );
    assert_eq!(corpus.progress.article_files, 1);
    assert_eq!(corpus.progress.bad_records, 2);
    // The third element is read again alone, with its extra key.
    let gamma = &corpus.articles[1];
    assert!(gamma.span.is_some());
    let gamma_body = body(&corpus, gamma);
    assert_eq!(gamma_body.text, "Gamma body.");
    assert_eq!(fields(&gamma_body), [("section", "Local")]);
    assert_eq!(body(&corpus, &corpus.articles[0]).text, "Alpha body.");
}

#[test]
fn json_lines_bodies_are_read_again_from_their_own_line() {
    let corpus = scan_sample("crawls");
    let feed = articles_in(&corpus, "feed.jsonl");
    let second = body(&corpus, feed[1]);
    assert_own_text(
        &second.text,
        "“Today it is looking at half a bridge that is finished.”",
        &["Relatives of the seven people killed", "closed-door talks"],
    );
    assert!(
        second
            .text
            .starts_with("The south tower of the new Kestrel Narrows Bridge")
    );
    assert!(
        second.text.contains("\n\nSeveral dozen people watched"),
        "JSON's \\n escapes become line breaks: {:?}",
        second.text
    );
    assert_eq!(second.fields, [], "every key of line 2 has a role");
    assert!(!second.changed_since_scan && !second.truncated);
    let third = body(&corpus, feed[2]);
    assert_own_text(
        &third.text,
        "closed-door talks with the Greyhaven Fishermen's Cooperative",
        &["half a bridge", "Tern Reef Regatta"],
    );
    // The line after the broken one.
    let kroft = body(&corpus, feed[5]);
    assert_own_text(
        &kroft.text,
        "Lawyers for engineer Anneliese Kroft asked on Monday",
        &["Merrow City Public Library", "To the editor"],
    );

    let wire = articles_in(&corpus, "wire.ndjson");
    let bells = body(&corpus, wire[1]);
    assert_own_text(
        &bells.text,
        "“We were meant to be loud until somebody listened.”",
        &["retire to the garden", "No more drawers"],
    );
    let aberg = body(&corpus, wire[2]);
    assert_own_text(
        &aberg.text,
        "“No more drawers,” Ms. Åberg said",
        &["loud until somebody listened"],
    );
}

// ---------------------------------------------------------------------------------------------
// CSV and TSV

#[test]
fn csv_rows_become_articles_with_their_columns() {
    let corpus = scan_sample("spreadsheets");
    let rows: Vec<_> = articles_in(&corpus, "coverage.csv")
        .into_iter()
        .map(shown)
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Greyhaven Cooperative Sues Fisheries Council Over Hake Quota",
                day(2017, 5, 4),
                "Valley Wire",
                Some("Tomasz Eriksen-Vale")
            ),
            (
                "Weight-Limit Petition for Kestrel Narrows Bridge Falls Short",
                day(2017, 5, 4),
                "Coastal Herald",
                Some("Niamh Carrow-Bell")
            ),
            (
                "Saltmarsh Museum Plans Summer Show on the Wreck of the Constance",
                day(2017, 5, 4),
                "Coastal Herald",
                Some("Philippa Raines-Odum")
            ),
            (
                "Gull Point Ferry Basin Dredging Finishes Two Weeks Early",
                day(2017, 5, 4),
                "Valley Wire",
                None
            ),
            (
                "Halvard & Brine Keeps Kestrel Narrows Maintenance Contract",
                day(2017, 5, 4),
                "Coastal Herald",
                Some("Niamh Carrow-Bell")
            ),
            (
                "Fewer Boats, Same Prayers at Greyhaven's Blessing of the Fleet",
                None,
                "Valley Wire",
                Some("Adaeze Fairlie")
            ),
        ]
    );
    let first = articles_in(&corpus, "coverage.csv")[0];
    assert_eq!(first.format, FormatKind::Csv);
    assert!(first.had_bom);
    assert_eq!(first.encoding_name(), "UTF-8");
    assert_eq!(
        first.meta().url.as_deref(),
        Some("https://www.valleywire.example/news/2017/05/04/cooperative-sues-council")
    );
    assert_eq!(first.meta().language, None);
    assert_eq!(first.dateline.as_deref(), Some("GREYHAVEN, Ore. (VW)"));
    assert!(bad_records(&corpus, "coverage.csv").is_empty());
    // Multi-line quoted text fields (CRLF): the rows start on these lines.
    assert_eq!(span_lines(&corpus, "coverage.csv"), [2, 9, 16, 23, 30, 37]);
}

#[test]
fn tsv_rows_become_articles_with_their_columns() {
    let corpus = scan_sample("spreadsheets");
    let rows: Vec<_> = articles_in(&corpus, "monitor.tsv")
        .into_iter()
        .map(shown)
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Divers Recover Seafood Truck From Port Alder Harbour",
                day(2018, 11, 20),
                "Coastal Herald",
                None
            ),
            (
                "County Buys Back Laid-Up Ferry to Restore Gull Point Crossing",
                day(2018, 11, 21),
                "Valley Wire",
                None
            ),
            (
                "Port Alder Thanksgiving Dinner Feeds Rescue Crews and Families",
                day(2018, 11, 23),
                "Coastal Herald",
                None
            ),
            (
                "Hundreds Attend Funeral of Ignacio Fernández in Gull Point",
                day(2018, 11, 26),
                "Valley Wire",
                None
            ),
        ]
    );
    assert_eq!(span_lines(&corpus, "monitor.tsv"), [2, 3, 4, 5]);
    for a in articles_in(&corpus, "monitor.tsv") {
        assert_eq!(a.format, FormatKind::Tsv);
        assert_eq!(a.meta().language.as_deref(), Some("en"));
        assert!(
            a.meta()
                .url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://www.")),
            "{:?}",
            a.meta()
        );
    }
}

#[test]
fn csv_and_tsv_bodies_are_read_again_from_their_own_row_with_the_other_columns() {
    let corpus = scan_sample("spreadsheets");
    let coverage = articles_in(&corpus, "coverage.csv");
    let petition = body(&corpus, coverage[1]);
    assert_own_text(
        &petition.text,
        "collected 1,712 signatures in three months",
        &["lost nine boats in a year", "Wrenhaven Astrolabe"],
    );
    assert!(
        petition
            .text
            .starts_with("PORT ALDER, Ore. (CH) — A petition asking")
    );
    assert!(
        petition
            .text
            .ends_with("\"punish the fish plants for a problem we are already solving.\"")
    );
    assert!(
        !petition.text.contains('\r'),
        "CRLF inside the quoted field is normalised"
    );
    assert!(
        petition
            .text
            .contains(" daily.\n\n\"I am not an engineer,\"")
    );
    assert_eq!(fields(&petition), [("id", "102"), ("section", "Local")]);
    assert!(!petition.changed_since_scan);

    let museum = body(&corpus, coverage[2]);
    assert_own_text(
        &museum.text,
        "Eleni Karamanlaki (Ελένη Καραμανλάκη)",
        &["1,712 signatures", "Dredging of the Gull Point ferry basin"],
    );
    assert_eq!(fields(&museum), [("id", "103"), ("section", "Arts")]);
    // The row without an author: empty cells are not fields.
    assert_eq!(
        fields(&body(&corpus, coverage[3])),
        [("id", "104"), ("section", "Local")]
    );

    let monitor = articles_in(&corpus, "monitor.tsv");
    let ferry = body(&corpus, monitor[1]);
    assert_own_text(
        &ferry.text,
        "Merrow County has agreed to buy back the Margarethe",
        &["lifted the seafood truck", "shared Thanksgiving dinner"],
    );
    assert_eq!(ferry.fields, [], "every column of monitor.tsv has a role");
    let dinner = body(&corpus, monitor[2]);
    assert_own_text(
        &dinner.text,
        "More than six hundred people shared Thanksgiving dinner",
        &["buy back the Margarethe", "St. Brendan’s Church"],
    );
}

/// A CSV file whose second row has neither title nor text, with `newline` ending its lines:
/// the row is reported with its row and line numbers, the others load from their own spans.
fn check_csv_with_a_bad_row(newline: &str) {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        "id,title,published,text",
        "1,First Row,2019-01-02,\"Paragraph one, with a comma.",
        "",
        "Paragraph two.\"",
        "2,,2019-01-03,",
        "3,Third Row,2019-01-04,Third text.",
        "",
    ];
    write(dir.path(), "table.csv", lines.join(newline));
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    let got: Vec<_> = corpus
        .articles
        .iter()
        .map(|a| (&*a.title, a.date))
        .collect();
    assert_eq!(
        got,
        [
            ("First Row", day(2019, 1, 2)),
            ("Third Row", day(2019, 1, 4))
        ],
        "{newline:?}"
    );
    // The first row spans lines 2–4, so the second row is on line 5.
    assert_eq!(
        bad_records(&corpus, "table.csv"),
        [(
            "row 2 (line 5)".to_owned(),
            "no title and no text".to_owned()
        )],
        "{newline:?}"
    );
    assert_eq!(
        corpus.skipped[0].reason.to_string(),
        "row 2 (line 5): no title and no text"
    );
    let p = corpus.progress;
    assert_eq!(
        (p.files_seen, p.article_files, p.skipped, p.bad_records),
        (1, 1, 0, 1)
    );
    let third = body(&corpus, &corpus.articles[1]);
    assert_eq!(third.text, "Third text.");
    assert_eq!(fields(&third), [("id", "3")]);
    let first = body(&corpus, &corpus.articles[0]);
    assert_eq!(first.text, "Paragraph one, with a comma.\n\nParagraph two.");
    // Each row's span starts at its first byte.
    let bytes = fs::read(dir.path().join("table.csv")).unwrap();
    for (a, id) in corpus.articles.iter().zip([b'1', b'3']) {
        let start = a.span.unwrap().start as usize;
        assert_eq!(
            bytes[start],
            id,
            "{newline:?}: row {} span starts with {:?}",
            id as char,
            String::from_utf8_lossy(&bytes[start..start + 12])
        );
    }
    assert_eq!(span_lines(&corpus, "table.csv"), [2, 6], "{newline:?}");
}

#[test]
fn a_csv_row_without_title_or_text_is_reported_with_its_row_and_line() {
    check_csv_with_a_bad_row("\n");
}

#[test]
fn a_csv_row_without_title_or_text_is_reported_with_its_line_in_a_crlf_file_too() {
    // Spreadsheet exports (and the sample coverage.csv) end their lines with CRLF.
    check_csv_with_a_bad_row("\r\n");
}

// ---------------------------------------------------------------------------------------------
// LexisNexis text batches

#[test]
fn a_lexisnexis_batch_splits_into_its_documents_after_the_cover_block() {
    let corpus = scan_sample("archives");
    let docs = articles_in(&corpus, "lexisnexis-batch.txt");
    let got: Vec<_> = docs.iter().map(|a| shown(a)).collect();
    assert_eq!(
        got,
        [
            (
                "KESTREL NARROWS BRIDGE PASSES FIRST CHECK UNDER NEW MAINTENANCE CONTRACT",
                day(2010, 1, 11),
                "The Saltmarsh Courier",
                Some("Gideon Pell")
            ),
            (
                "Greyhaven hake landings reach ten-year high",
                day(2011, 3, 3),
                "Merrow Coast Business Journal",
                None
            ),
            (
                "Wrenhaven Astrolabe Moves to Museum's New North Gallery",
                day(2012, 6, 22),
                "The Saltmarsh Courier",
                Some("Philippa Raines-Odum")
            ),
            (
                "SCIENTISTS URGE DEEP CUT TO HAKE QUOTA AHEAD OF APRIL VOTE",
                day(2016, 2, 29),
                "Valley Wire",
                Some("Tomasz Eriksen-Vale")
            ),
        ]
    );
    for a in &docs {
        assert_eq!(a.format, FormatKind::LexisNexis);
        assert_eq!(a.meta().language.as_deref(), Some("ENGLISH"));
        assert_eq!(a.meta().url, None);
        assert!(!a.title_derived());
    }
    assert_eq!(docs[3].dateline.as_deref(), Some("GREYHAVEN, Ore."));
    // The cover block (with its `Date/Time: Tuesday, March 8, 2016` line) is no article: the
    // first document starts at its marker line, and each span starts at one.
    let bytes = fs::read(sample_data().join("archives/lexisnexis-batch.txt")).unwrap();
    for (a, n) in docs.iter().zip(1..) {
        let start = a.span.unwrap().start as usize;
        assert_eq!(
            bytes[start - 1],
            b'\n',
            "document {n} starts at a line start"
        );
        let line = String::from_utf8_lossy(&bytes[start..start + 60]);
        assert!(
            line.trim_start()
                .starts_with(&format!("{n} of 4 DOCUMENTS\r\n")),
            "document {n} starts with {line:?}"
        );
    }
    assert!(docs.iter().all(|a| a.date != day(2016, 3, 8)));
    assert_eq!(
        docs[3].span.map(|s| s.start + s.len),
        Some(bytes.len() as u64),
        "the last document runs to the end of the file"
    );
    assert!(bad_records(&corpus, "lexisnexis-batch.txt").is_empty());
}

#[test]
fn a_lexisnexis_document_is_read_again_alone_with_its_labelled_fields() {
    let corpus = scan_sample("archives");
    let docs = articles_in(&corpus, "lexisnexis-batch.txt");
    let hake = body(&corpus, docs[1]);
    assert!(
        hake.text
            .starts_with("Silver hake landed at Greyhaven reached their highest level"),
        "{}",
        hake.text
    );
    assert!(
        hake.text
            .ends_with("recommended a deep-water survey \"when funding allows.\""),
        "{}",
        hake.text
    );
    assert_own_text(
        &hake.text,
        "\"A good year is a year when you are too tired to count the money,\" said José Peña",
        &[
            "LOAD-DATE",
            "Copyright",
            "SECTION:",
            "19,000 vehicles a day",
            "jar of buttons",
        ],
    );
    assert!(!hake.text.contains('\r'));
    assert_eq!(
        fields(&hake),
        [
            ("Section", "MARKETS; Pg. 12"),
            ("Length", "181 words"),
            ("Load-Date", "March 4, 2011"),
            ("Publication-Type", "Newspaper"),
            (
                "Copyright",
                "Copyright 2011 Merrow Coast Business Journal All Rights Reserved"
            ),
        ]
    );
    assert!(!hake.changed_since_scan);

    let astrolabe = body(&corpus, docs[2]);
    assert_own_text(
        &astrolabe.text,
        "\"For half a century it sat between a ship's bell and a jar of buttons,\"",
        &[
            "too tired to count the money",
            "a death sentence written in decimals",
        ],
    );
    assert_eq!(
        fields(&astrolabe)[..3],
        [
            ("Section", "ARTS; Pg. B1"),
            ("Length", "173 words"),
            ("Load-Date", "June 23, 2012")
        ]
    );
    // The first document's edition line is a field too.
    assert_eq!(
        fields(&body(&corpus, docs[0]))[..3],
        [
            ("Edition", "Final Edition"),
            ("Section", "NEWS; Pg. A3"),
            ("Length", "194 words")
        ]
    );
}

#[test]
fn a_lexisnexis_document_without_title_or_text_is_reported_as_document_n_of_m() {
    let dir = tempfile::tempdir().unwrap();
    let batch = [
        "Request: harbour",
        "",
        "                              1 of 3 DOCUMENTS",
        "",
        "                             The Quay Courier",
        "",
        "                            May 1, 2015 Friday",
        "",
        "HARBOUR LIGHTS RETURN",
        "",
        "BYLINE: Ana Ruiz",
        "",
        "LENGTH: 6 words",
        "",
        "The harbour lights came back on.",
        "",
        "LOAD-DATE: May 2, 2015",
        "",
        "LANGUAGE: ENGLISH",
        "",
        "                              2 of 3 DOCUMENTS",
        "",
        "                             The Quay Courier",
        "",
        "                            May 2, 2015 Saturday",
        "",
        "",
        "                              3 of 3 DOCUMENTS",
        "",
        "                             Valley Wire",
        "",
        "                            May 3, 2015 Sunday",
        "",
        "FERRY RUNS LATE",
        "",
        "SECTION: NEWS; Pg. 2",
        "",
        "LENGTH: 5 words",
        "",
        "The ferry ran an hour late.",
        "",
        "LOAD-DATE: May 4, 2015",
        "",
        "LANGUAGE: ENGLISH",
        "",
    ]
    .join("\r\n");
    write(dir.path(), "batch.txt", batch);
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    let got: Vec<_> = corpus.articles.iter().map(shown).collect();
    assert_eq!(
        got,
        [
            (
                "HARBOUR LIGHTS RETURN",
                day(2015, 5, 1),
                "The Quay Courier",
                Some("Ana Ruiz")
            ),
            ("FERRY RUNS LATE", day(2015, 5, 3), "Valley Wire", None),
        ]
    );
    assert_eq!(
        bad_records(&corpus, "batch.txt"),
        [(
            "document 2 of 3".to_owned(),
            "no title and no text".to_owned()
        )]
    );
    let p = corpus.progress;
    assert_eq!(
        (p.files_seen, p.article_files, p.skipped, p.bad_records),
        (1, 1, 0, 1)
    );
    let ferry = body(&corpus, &corpus.articles[1]);
    assert_eq!(ferry.text, "The ferry ran an hour late.");
    assert_eq!(
        fields(&ferry),
        [
            ("Section", "NEWS; Pg. 2"),
            ("Length", "5 words"),
            ("Load-Date", "May 4, 2015")
        ]
    );
    assert_eq!(
        body(&corpus, &corpus.articles[0]).text,
        "The harbour lights came back on."
    );
}

// ---------------------------------------------------------------------------------------------
// Nexis Uni DOCX

#[test]
fn a_nexis_uni_export_splits_into_its_articles_after_the_cover_page() {
    let corpus = scan_sample("archives");
    let docs = articles_in(&corpus, "nexis-uni-export.docx");
    let got: Vec<_> = docs.iter().map(|a| shown(a)).collect();
    assert_eq!(
        got,
        [
            (
                "Seafood Truckers Brace for Possible Kestrel Narrows Weight Limit",
                day(2017, 5, 4),
                "Valley Wire",
                Some("Adaeze Fairlie")
            ),
            (
                "Judge Denies Halvard Bid to Delay Kestrel Narrows Trial",
                day(2020, 9, 9),
                "Court News Service",
                None
            ),
            (
                "Kestrel Narrows Bridge Sensors Weather First Winter Storms",
                day(2023, 12, 1),
                "Coastal Herald",
                Some("Niamh Carrow-Bell")
            ),
        ]
    );
    for a in &docs {
        assert_eq!(a.format, FormatKind::NexisUni);
        assert!(!a.title_derived());
    }
    assert_eq!(docs[1].dateline.as_deref(), Some("MERROW CITY (CNS)"));
    // Spans of the uncompressed document, one after the other.
    let spans: Vec<_> = docs.iter().map(|a| a.span.unwrap()).collect();
    assert!(
        spans[0].start > 0,
        "the cover page is not part of an article"
    );
    assert!(
        spans
            .windows(2)
            .all(|w| w[0].start + w[0].len <= w[1].start)
    );
    assert!(bad_records(&corpus, "nexis-uni-export.docx").is_empty());
}

#[test]
fn a_nexis_uni_article_is_read_again_alone_with_its_labelled_fields() {
    let corpus = scan_sample("archives");
    let docs = articles_in(&corpus, "nexis-uni-export.docx");
    let judge = body(&corpus, docs[1]);
    assert!(
        judge
            .text
            .starts_with("MERROW CITY (CNS) — Judge Evangeline Marsh-Ota on Wednesday"),
        "{}",
        judge.text
    );
    assert_own_text(
        &judge.text,
        "“This jury will be reading eyebrows.”",
        &[
            "Bogdan Ilyushin-Marr",
            "refreshing it like a football score",
            "Load-Date",
            "End of Document",
            "Copyright",
        ],
    );
    assert!(
        judge
            .text
            .ends_with("An overflow room with a video link will be set up for families.")
    );
    assert_eq!(
        fields(&judge),
        [
            ("Copyright", "Copyright 2020 Court News Service"),
            ("Section", "COURTS"),
            ("Length", "183 words"),
            ("Load-Date", "September 10, 2020"),
        ]
    );
    assert!(!judge.changed_since_scan);

    // Labels written with a no-break space after the colon.
    let sensors = body(&corpus, docs[2]);
    assert_own_text(
        &sensors.text,
        "“日本でも、ここまで公開している橋は少ないです。”",
        &["reading eyebrows", "Load-Date", "Byline"],
    );
    assert_eq!(
        fields(&sensors),
        [
            ("Copyright", "Copyright 2023 Coastal Herald Publishing"),
            ("Section", "NEWS; Pg. A2"),
            ("Length", "190 words"),
            ("Load-Date", "December 2, 2023"),
        ]
    );
}

/// A minimal Word package: `word/document.xml` with one paragraph per entry; `"\u{c}"` stands
/// for a paragraph holding a page break.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for p in paragraphs {
        if *p == "\u{c}" {
            xml.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
        } else {
            let escaped = p
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            xml.push_str(&format!(
                r#"<w:p><w:r><w:t xml:space="preserve">{escaped}</w:t></w:r></w:p>"#
            ));
        }
    }
    xml.push_str("</w:body></w:document>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_docx_that_is_not_a_zip_is_skipped_as_malformed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "export.docx",
        "Not a Word document at all, just text.",
    );
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    assert!(corpus.articles.is_empty());
    assert_eq!(corpus.skipped.len(), 1);
    assert_eq!(corpus.skipped[0].path, "export.docx");
    let SkipReason::Malformed(message) = &corpus.skipped[0].reason else {
        panic!("{:?}", corpus.skipped[0].reason);
    };
    assert!(
        message.starts_with("not a Word document (zip)"),
        "{message}"
    );
    let p = corpus.progress;
    assert_eq!(
        (p.files_seen, p.article_files, p.skipped, p.bad_records),
        (1, 0, 1, 0)
    );
}

#[test]
fn a_nexis_uni_article_without_a_body_line_is_reported_by_its_number() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "export.docx",
        docx(&[
            "User Name: =Someone",
            "Documents (3)",
            "1. Harbour Lights Return",
            "\u{c}",
            "Harbour Lights Return",
            "Valley Wire",
            "May 4, 2017 Thursday",
            "Length: 6 words",
            "Byline: Ana Ruiz",
            "Body",
            "The harbour lights came back on.",
            "Load-Date: May 5, 2017",
            "End of Document",
            "\u{c}",
            "A Headline Without a Body",
            "Coastal Herald",
            "June 1, 2018 Friday",
            "Text with no Body line before it.",
            "End of Document",
            "\u{c}",
            "Ferry Runs Late & Slow",
            "Court News Service",
            "July 2, 2019 Tuesday",
            "Section: COURTS",
            "Body",
            "The ferry ran an hour late.",
            "Second paragraph.",
            "End of Document",
        ]),
    );
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    let got: Vec<_> = corpus.articles.iter().map(shown).collect();
    assert_eq!(
        got,
        [
            (
                "Harbour Lights Return",
                day(2017, 5, 4),
                "Valley Wire",
                Some("Ana Ruiz")
            ),
            (
                "Ferry Runs Late & Slow",
                day(2019, 7, 2),
                "Court News Service",
                None
            ),
        ]
    );
    assert_eq!(
        bad_records(&corpus, "export.docx"),
        [("article 2".to_owned(), "no “Body” line".to_owned())]
    );
    let ferry = body(&corpus, &corpus.articles[1]);
    assert_eq!(
        ferry.text,
        "The ferry ran an hour late.\n\nSecond paragraph."
    );
    assert_eq!(fields(&ferry), [("Section", "COURTS")]);
}

// ---------------------------------------------------------------------------------------------
// Front matter

#[test]
fn front_matter_notes_give_their_keys_and_bodies() {
    let corpus = scan_sample("notes");
    let got: Vec<_> = corpus
        .articles
        .iter()
        .map(|a| (&*a.path, shown(a)))
        .collect();
    assert_eq!(
        got,
        [
            (
                "council-minutes.txt",
                (
                    "Council Refuses to Release Full Kestrel Narrows Inspection Archive",
                    day(2024, 3, 14),
                    "Coastal Herald",
                    None
                )
            ),
            (
                "ferry-timetable.markdown",
                (
                    "Margarethe Winter Timetable Trimmed as Bridge Nears Completion",
                    day(2023, 1, 9),
                    "Valley Wire",
                    Some("Adaeze Fairlie")
                )
            ),
            (
                "harbour-dredging.md",
                (
                    "Dredgers Begin Clearing Last of Old Bridge From Port Alder Harbour",
                    day(2022, 8, 19),
                    "Coastal Herald",
                    Some("Niamh Carrow-Bell; Rhiannon Tasker-Obi")
                )
            ),
            (
                "undated-column.md",
                (
                    "Quayside Notebook: What the Chalkboard Taught Me",
                    None,
                    "Coastal Herald",
                    None
                )
            ),
        ]
    );
    assert!(
        corpus
            .articles
            .iter()
            .all(|a| a.format == FormatKind::FrontMatter && a.span.is_none())
    );
    let dredging = only_article(&corpus, "harbour-dredging.md");
    assert_eq!(
        dredging.meta().url.as_deref(),
        Some("https://www.coastalherald.example/news/2022/08/19/dredgers-clear-old-bridge")
    );
    assert_eq!(dredging.meta().language.as_deref(), Some("en"));
    let dredging_body = body(&corpus, dredging);
    assert!(
        dredging_body
            .text
            .starts_with("A barge-mounted crane began lifting"),
        "{}",
        dredging_body.text
    );
    assert!(!dredging_body.text.contains("title:") && !dredging_body.text.contains("---"));
    assert_eq!(fields(&dredging_body), [("tags", "harbour, dredging")]);
    // A dateline in a front-matter body is found as in plain text.
    assert_eq!(
        only_article(&corpus, "ferry-timetable.markdown")
            .dateline
            .as_deref(),
        Some("PORT ALDER, Ore. (VW)")
    );
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
}

#[test]
fn a_markdown_note_without_front_matter_is_ignored_not_skipped() {
    let corpus = scan_sample("drafts");
    assert!(corpus.articles.is_empty());
    let p = corpus.progress;
    assert_eq!(
        (p.files_seen, p.article_files, p.skipped, p.ignored),
        (2, 0, 1, 1)
    );
    assert_eq!(corpus.skipped.len(), 1);
    assert_eq!(corpus.skipped[0].path, "unfinished.txt");
    assert_eq!(corpus.skipped[0].reason, SkipReason::Empty);
}

#[test]
fn invalid_yaml_front_matter_is_listed_and_the_file_still_read_as_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "notes/broken.md",
        "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n\nThe harbour lights came back on Friday.\n",
    );
    write(
        dir.path(),
        "notes/good.md",
        "---\ntitle: Good Note\ndate: 2024-01-02\n---\nBody of the good note.\n",
    );
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    let broken = only_article(&corpus, "notes/broken.md");
    assert_eq!(broken.format, FormatKind::PlainText);
    assert_eq!(broken.meta, None);
    // The title comes from the text after the block, not from its `---` line.
    assert_eq!(&*broken.title, "The harbour lights came back on Friday.");
    let bad = bad_records(&corpus, "notes/broken.md");
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(bad[0].0, "front matter");
    assert!(bad[0].1.starts_with("not valid YAML"), "{}", bad[0].1);
    // Nothing is lost: the block and the body are both in the text.
    let text = body(&corpus, broken).text;
    assert!(
        text.contains("The harbour lights came back on Friday."),
        "{text}"
    );
    assert!(text.contains("title: [unclosed"), "{text}");
    let good = only_article(&corpus, "notes/good.md");
    assert_eq!((&*good.title, good.date), ("Good Note", day(2024, 1, 2)));
    let p = corpus.progress;
    assert_eq!(
        (p.files_seen, p.article_files, p.skipped, p.bad_records),
        (2, 2, 0, 1)
    );
}

// ---------------------------------------------------------------------------------------------
// Dates

#[test]
fn dates_that_cannot_be_read_leave_the_article_undated_with_the_reason() {
    let corpus = scan_sample("");
    let problem = |path: &str, index: usize| {
        let a = articles_in(&corpus, path)[index];
        assert_eq!(a.date, None, "{path} #{index}");
        a.meta().date_problem.as_deref().map(str::to_owned)
    };
    assert_eq!(
        problem("crawls/feed.jsonl", 6).as_deref(),
        Some("date “sometime in June” could not be read")
    );
    assert_eq!(
        problem("spreadsheets/coverage.csv", 5).as_deref(),
        Some("date “Spring 2017” could not be read")
    );
    assert_eq!(
        problem("notes/undated-column.md", 0).as_deref(),
        Some("date “TBC” could not be read")
    );
    // news-please writes null or "None" for an unknown date: undated, nothing went wrong.
    assert_eq!(
        problem("crawls/news-please/greyhaven-net-mender.json", 0),
        None
    );
    assert_eq!(
        problem("crawls/news-please/astrolabium-nordmoewensiel.json", 0),
        None
    );
    assert_eq!(problem("crawls/wire.ndjson", 1), None);
    // Exactly these six articles of other formats are undated.
    let undated: Vec<&str> = corpus
        .articles
        .iter()
        .filter(|a| a.format != FormatKind::PlainText && a.date.is_none())
        .map(|a| &*a.title)
        .collect();
    assert_eq!(undated.len(), 6, "{undated:?}");
    // And no dated article carries a problem.
    assert!(
        corpus
            .articles
            .iter()
            .filter(|a| a.date.is_some())
            .all(|a| a.meta().date_problem.is_none())
    );
}

#[test]
fn every_date_form_in_the_sample_files_is_read_as_written() {
    let cases = [
        ("2019-03-14 09:30:00", day(2019, 3, 14)),
        ("2021-06-03T14:05:00Z", day(2021, 6, 3)),
        // A time zone never moves the date to another day.
        ("2021-06-04T08:00:00+02:00", day(2021, 6, 4)),
        ("2023-01-09T06:30:00-05:00", day(2023, 1, 9)),
        ("June 5, 2021", day(2021, 6, 5)),
        ("6 June 2021", day(2021, 6, 6)),
        ("Monday, June 7, 2021", day(2021, 6, 7)),
        ("May 4, 2017", day(2017, 5, 4)),
        ("4 May 2017", day(2017, 5, 4)),
        ("Thursday, May 4, 2017", day(2017, 5, 4)),
        ("2017/05/04 10:00", day(2017, 5, 4)),
        ("2018/11/20", day(2018, 11, 20)),
        ("14 March 2024", day(2024, 3, 14)),
        ("January 11, 2010 Monday", day(2010, 1, 11)),
        ("March 3, 2011 Thursday 2:15 PM GMT", day(2011, 3, 3)),
        ("September 9, 2020 Wednesday 10:30 AM EST", day(2020, 9, 9)),
        ("February 29, 2016 Monday", day(2016, 2, 29)),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_date(text), Ok(expected), "{text}");
    }
    for null in ["None", "null", ""] {
        assert_eq!(parse_date(null), Ok(None), "{null:?}");
    }
    for unreadable in ["sometime in June", "Spring 2017", "TBC"] {
        let problem = parse_date(unreadable).unwrap_err();
        assert_eq!(
            problem.to_string(),
            format!("date “{unreadable}” could not be read")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Changes after the scan

/// Copy the sample files holding many articles (and one of each single-article format) into
/// `root`; returns their names.
fn copy_samples(root: &Path) -> Vec<&'static str> {
    let files = [
        ("crawls", "feed.jsonl"),
        ("crawls", "wire.ndjson"),
        ("crawls/news-please", "margarethe-late-crossing.json"),
        ("spreadsheets", "coverage.csv"),
        ("spreadsheets", "monitor.tsv"),
        ("archives", "lexisnexis-batch.txt"),
        ("archives", "nexis-uni-export.docx"),
        ("notes", "harbour-dredging.md"),
    ];
    for (folder, name) in files {
        fs::copy(sample_data().join(folder).join(name), root.join(name)).unwrap();
    }
    files.iter().map(|(_, name)| *name).collect()
}

fn set_modified(path: &Path, time: SystemTime) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

/// The second article of a file (the only one of a single-article file).
fn second_or_only<'a>(corpus: &'a Corpus, name: &str) -> &'a Article {
    let found = articles_in(corpus, name);
    found.get(1).copied().unwrap_or(found[0])
}

#[test]
fn touching_a_file_after_the_scan_marks_its_bodies_changed_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let names = copy_samples(dir.path());
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    let before: Vec<ArticleBody> = names
        .iter()
        .map(|name| body(&corpus, second_or_only(&corpus, name)))
        .collect();
    for (name, b) in names.iter().zip(&before) {
        assert!(!b.changed_since_scan, "{name} changed before any change");
    }
    let later = SystemTime::now() + Duration::from_secs(3600);
    for name in &names {
        set_modified(&dir.path().join(name), later);
    }
    let mut unnoticed = Vec::new();
    for (name, old) in names.iter().zip(&before) {
        let new = body(&corpus, second_or_only(&corpus, name));
        if !new.changed_since_scan {
            unnoticed.push(*name);
        }
        assert_eq!(new.text, old.text, "{name}: same bytes, same text");
        assert_eq!(new.fields, old.fields, "{name}");
    }
    assert!(
        unnoticed.is_empty(),
        "a new time not noticed in {unnoticed:?}"
    );
}

#[test]
fn appending_to_a_file_after_the_scan_marks_its_bodies_changed_even_within_the_same_second() {
    // Modification times are kept in whole seconds, so an append in the second of the scan
    // leaves the time as recorded (a crawler adding lines while the window reads). The time is
    // pinned here to make that case certain; the size still changed.
    let dir = tempfile::tempdir().unwrap();
    let mut names = copy_samples(dir.path());
    names.retain(|name| !name.ends_with(".docx")); // Appending breaks a zip package.
    write(dir.path(), "plain.txt", "Plain Headline\n\nPlain body.\n");
    names.push("plain.txt");
    let pinned = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    for name in &names {
        set_modified(&dir.path().join(name), pinned);
    }
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    for name in &names {
        let path = dir.path().join(name);
        let mut file = fs::File::options().append(true).open(&path).unwrap();
        file.write_all(b"\nAppended after the scan.\n").unwrap();
        drop(file);
        set_modified(&path, pinned);
    }
    let unnoticed: Vec<&str> = names
        .iter()
        .filter(|name| !body(&corpus, second_or_only(&corpus, name)).changed_since_scan)
        .copied()
        .collect();
    assert!(
        unnoticed.is_empty(),
        "bytes appended after the scan (same modification second) not noticed in {unnoticed:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The `list` command

/// `list FOLDER --format jsonl` over a sample-data folder: the rows and the last stderr line.
fn list_jsonl(folder: &str) -> (Vec<serde_json::Value>, String) {
    let path = sample_data().join(folder);
    let out = Command::new(env!("CARGO_BIN_EXE_corpus-explorer"))
        .args(["list", path.to_str().unwrap(), "--format", "jsonl"])
        .output()
        .expect("run corpus-explorer");
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let summary = stderr
        .trim_end()
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned();
    (rows, summary)
}

/// Each row's path and format label.
fn paths_and_formats(rows: &[serde_json::Value]) -> Vec<(&str, &str)> {
    rows.iter()
        .map(|r| (r["path"].as_str().unwrap(), r["format"].as_str().unwrap()))
        .collect()
}

const LIST_COLUMNS: [&str; 14] = [
    "path",
    "date",
    "title",
    "title_derived",
    "dateline",
    "words",
    "bytes",
    "encoding",
    "format",
    "source",
    "authors",
    "url",
    "language",
    "undated_reason",
];

fn assert_columns(rows: &[serde_json::Value]) {
    let mut expected = LIST_COLUMNS.to_vec();
    expected.sort_unstable();
    for r in rows {
        let mut keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, expected, "{r}");
    }
}

#[test]
fn list_prints_the_crawls_with_their_formats_and_the_bad_line_in_the_summary() {
    let (rows, summary) = list_jsonl("crawls");
    assert_columns(&rows);
    let mut expected = vec![("feed.jsonl", "JSON Lines"); 7];
    expected.extend([
        ("news-please/astrolabium-nordmoewensiel.json", "JSON"),
        ("news-please/greyhaven-net-mender.json", "JSON"),
        ("news-please/margarethe-late-crossing.json", "JSON"),
    ]);
    expected.extend([("wire.ndjson", "JSON Lines"); 3]);
    assert_eq!(paths_and_formats(&rows), expected);
    let late = &rows[9];
    assert_eq!(
        late["title"],
        "Margarethe Ferry to Add Late-Evening Crossing From April"
    );
    assert_eq!(late["date"], "2019-03-14");
    assert_eq!(late["source"], "www.coastalherald.example");
    assert_eq!(late["authors"], "Niamh Carrow-Bell");
    assert_eq!(late["language"], "en");
    assert_eq!(
        late["url"],
        "https://www.coastalherald.example/news/2019/03/14/margarethe-ferry-late-crossing"
    );
    assert_eq!(late["undated_reason"], serde_json::Value::Null);
    let letters = &rows[6];
    assert_eq!(
        letters["title"],
        "Letters: Give the Margarethe a Proper Farewell"
    );
    assert_eq!(letters["date"], serde_json::Value::Null);
    assert_eq!(
        letters["undated_reason"],
        "date “sometime in June” could not be read"
    );
    assert_eq!(rows[0]["dateline"], "MERROW CITY (CNS)");
    assert_eq!(
        rows[11]["authors"],
        "Niamh Carrow-Bell; Marisol Quintero-Haig"
    );
    assert_eq!(
        summary,
        "5 files: 13 articles, 0 skipped, 0 ignored, 1 record inside files not read"
    );
}

#[test]
fn list_prints_the_spreadsheets_row_by_row() {
    let (rows, summary) = list_jsonl("spreadsheets");
    assert_columns(&rows);
    let mut expected = vec![("coverage.csv", "CSV"); 6];
    expected.extend([("monitor.tsv", "TSV"); 4]);
    assert_eq!(paths_and_formats(&rows), expected);
    let dates: Vec<Option<&str>> = rows.iter().map(|r| r["date"].as_str()).collect();
    assert_eq!(
        dates,
        [
            Some("2017-05-04"),
            Some("2017-05-04"),
            Some("2017-05-04"),
            Some("2017-05-04"),
            Some("2017-05-04"),
            None,
            Some("2018-11-20"),
            Some("2018-11-21"),
            Some("2018-11-23"),
            Some("2018-11-26"),
        ]
    );
    assert_eq!(rows[3]["authors"], serde_json::Value::Null);
    assert_eq!(
        rows[5]["undated_reason"],
        "date “Spring 2017” could not be read"
    );
    assert_eq!(
        rows[9]["title"],
        "Hundreds Attend Funeral of Ignacio Fernández in Gull Point"
    );
    assert_eq!(rows[9]["source"], "Valley Wire");
    assert_eq!(rows[9]["language"], "en");
    assert_eq!(summary, "2 files: 10 articles, 0 skipped, 0 ignored");
}

#[test]
fn list_prints_each_document_of_the_archives() {
    let (rows, summary) = list_jsonl("archives");
    assert_columns(&rows);
    let mut expected = vec![("lexisnexis-batch.txt", "LexisNexis text export"); 4];
    expected.extend([("nexis-uni-export.docx", "Nexis Uni DOCX export"); 3]);
    assert_eq!(paths_and_formats(&rows), expected);
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "KESTREL NARROWS BRIDGE PASSES FIRST CHECK UNDER NEW MAINTENANCE CONTRACT",
            "Greyhaven hake landings reach ten-year high",
            "Wrenhaven Astrolabe Moves to Museum's New North Gallery",
            "SCIENTISTS URGE DEEP CUT TO HAKE QUOTA AHEAD OF APRIL VOTE",
            "Seafood Truckers Brace for Possible Kestrel Narrows Weight Limit",
            "Judge Denies Halvard Bid to Delay Kestrel Narrows Trial",
            "Kestrel Narrows Bridge Sensors Weather First Winter Storms",
        ]
    );
    assert_eq!(rows[0]["source"], "The Saltmarsh Courier");
    assert_eq!(rows[0]["authors"], "Gideon Pell");
    assert_eq!(rows[0]["language"], "ENGLISH");
    assert_eq!(rows[0]["date"], "2010-01-11");
    assert_eq!(rows[1]["authors"], serde_json::Value::Null);
    assert_eq!(rows[5]["source"], "Court News Service");
    assert_eq!(rows[5]["date"], "2020-09-09");
    assert_eq!(rows[6]["authors"], "Niamh Carrow-Bell");
    assert_eq!(summary, "2 files: 7 articles, 0 skipped, 0 ignored");
}

#[test]
fn list_prints_the_front_matter_notes() {
    let (rows, summary) = list_jsonl("notes");
    assert_columns(&rows);
    assert_eq!(
        paths_and_formats(&rows),
        [
            ("council-minutes.txt", "text with front matter"),
            ("ferry-timetable.markdown", "text with front matter"),
            ("harbour-dredging.md", "text with front matter"),
            ("undated-column.md", "text with front matter"),
        ]
    );
    assert_eq!(rows[0]["date"], "2024-03-14");
    assert_eq!(rows[1]["authors"], "Adaeze Fairlie");
    assert_eq!(rows[2]["authors"], "Niamh Carrow-Bell; Rhiannon Tasker-Obi");
    assert_eq!(rows[2]["language"], "en");
    assert_eq!(rows[3]["date"], serde_json::Value::Null);
    assert_eq!(rows[3]["undated_reason"], "date “TBC” could not be read");
    assert_eq!(summary, "4 files: 4 articles, 0 skipped, 0 ignored");
}

// ---------------------------------------------------------------------------------------------
// The whole sample-data

#[test]
fn totals_add_up_over_the_whole_sample_data() {
    let corpus = scan_sample("");
    let p = corpus.progress;
    assert_eq!(
        (
            p.files_seen,
            p.article_files,
            p.articles,
            p.skipped,
            p.ignored,
            p.bad_records
        ),
        (41, 39, 60, 1, 1, 1)
    );
    assert_eq!(
        corpus.summary_line(),
        "41 files: 60 articles, 1 skipped, 1 ignored, 1 record inside files not read"
    );
    let skipped: Vec<(&str, String)> = corpus
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.to_string()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "crawls/feed.jsonl",
                "line 6: not valid JSON: EOF while parsing a string (column 501)".to_owned()
            ),
            ("drafts/unfinished.txt", "empty file (0 bytes)".to_owned()),
        ]
    );
    // The Markdown note without front matter: ignored, neither an article nor skipped.
    assert!(
        corpus
            .articles
            .iter()
            .all(|a| &*a.path != "drafts/photo-credits.md")
    );
    assert!(
        corpus
            .skipped
            .iter()
            .all(|s| s.path != "drafts/photo-credits.md")
    );

    // Articles per file holding many, and per format.
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_format: BTreeMap<&str, usize> = BTreeMap::new();
    for a in corpus.articles.iter() {
        *per_file.entry(&a.path).or_default() += 1;
        *per_format.entry(a.format.label()).or_default() += 1;
    }
    per_file.retain(|_, n| *n > 1);
    assert_eq!(
        per_file.into_iter().collect::<Vec<_>>(),
        [
            ("archives/lexisnexis-batch.txt", 4),
            ("archives/nexis-uni-export.docx", 3),
            ("crawls/feed.jsonl", 7),
            ("crawls/wire.ndjson", 3),
            ("spreadsheets/coverage.csv", 6),
            ("spreadsheets/monitor.tsv", 4),
        ]
    );
    assert_eq!(
        per_format.into_iter().collect::<Vec<_>>(),
        [
            ("CSV", 6),
            ("JSON", 3),
            ("JSON Lines", 10),
            ("LexisNexis text export", 4),
            ("Nexis Uni DOCX export", 3),
            ("TSV", 4),
            ("plain text", 26),
            ("text with front matter", 4),
        ]
    );
    // Every article's body loads, unchanged, and is not empty.
    for a in corpus.articles.iter() {
        let b = body(&corpus, a);
        assert!(!b.text.trim().is_empty(), "{} {:?}", a.path, a.span);
        assert!(!b.changed_since_scan && !b.truncated, "{}", a.path);
    }
}

// ---------------------------------------------------------------------------------------------
// Ten thousand records in one file

/// The date of invented record `i`, and how it is written (four forms in turn).
fn invented_date(i: usize) -> (NaiveDate, String) {
    let date = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new(i as u64);
    let text = match i % 4 {
        0 => date.format("%Y-%m-%d").to_string(),
        1 => date.format("%B %-d, %Y").to_string(),
        2 => date.format("%-d %B %Y").to_string(),
        _ => date.format("%Y-%m-%dT23:30:00-05:00").to_string(),
    };
    (date, text)
}

const OUTLETS: [&str; 3] = ["Coastal Herald", "Valley Wire", "Court News Service"];

#[test]
fn ten_thousand_json_lines_scan_to_ten_thousand_dated_articles() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..10_000 {
        let (_, date) = invented_date(i);
        let record = serde_json::json!({
            "headline": format!("Harbour Notice {i}"),
            "body": format!("PORT ALDER (CH) — Notice {i} was posted on the quay.\n\nIt said little."),
            "published": date,
            "outlet": OUTLETS[i % 3],
            "authors": ["Ana Ruiz", format!("Reporter {i}")],
        });
        text.push_str(&record.to_string());
        text.push('\n');
    }
    write(dir.path(), "big.jsonl", &text);
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    assert_eq!(corpus.articles.len(), 10_000);
    assert!(corpus.skipped.is_empty(), "{:?}", &corpus.skipped[..1]);
    let p = corpus.progress;
    assert_eq!((p.files_seen, p.article_files, p.articles), (1, 1, 10_000));
    for (i, a) in corpus.articles.iter().enumerate() {
        let (date, written) = invented_date(i);
        assert_eq!(&*a.title, format!("Harbour Notice {i}"));
        assert_eq!(a.date, Some(date), "record {i}: {written}");
        assert_eq!(a.source(), OUTLETS[i % 3]);
        assert_eq!(
            a.meta().authors.as_deref(),
            Some(format!("Ana Ruiz; Reporter {i}").as_str())
        );
        assert_eq!(a.format, FormatKind::JsonLines);
    }
    for i in [0, 4_999, 9_999] {
        let b = body(&corpus, &corpus.articles[i]);
        assert_eq!(
            b.text,
            format!("PORT ALDER (CH) — Notice {i} was posted on the quay.\n\nIt said little.")
        );
    }
}

#[test]
fn ten_thousand_csv_rows_scan_to_ten_thousand_dated_articles() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["id", "headline", "published", "outlet", "text"])
        .unwrap();
    for i in 0..10_000 {
        let (_, date) = invented_date(i);
        writer
            .write_record([
                format!("{i}"),
                format!("Harbour Notice {i}, Posted"),
                date,
                OUTLETS[i % 3].to_owned(),
                format!("Notice {i} said \"little\", they wrote.\n\nA second paragraph."),
            ])
            .unwrap();
    }
    let bytes = writer.into_inner().unwrap();
    write(dir.path(), "big.csv", &bytes);
    let corpus = scan_folder(dir.path()).unwrap();
    assert_totals_add_up(&corpus);
    assert_eq!(corpus.articles.len(), 10_000);
    assert!(corpus.skipped.is_empty(), "{:?}", &corpus.skipped[..1]);
    for (i, a) in corpus.articles.iter().enumerate() {
        let (date, written) = invented_date(i);
        assert_eq!(&*a.title, format!("Harbour Notice {i}, Posted"));
        assert_eq!(a.date, Some(date), "row {i}: {written}");
        assert_eq!(a.source(), OUTLETS[i % 3]);
        assert_eq!(a.format, FormatKind::Csv);
    }
    // Each row takes three lines (the text holds a blank line).
    for i in [0, 1, 5_000, 9_999] {
        let a = &corpus.articles[i];
        assert_eq!(line_of(&bytes, a.span.unwrap().start), 2 + 3 * i, "row {i}");
        let b = body(&corpus, a);
        assert_eq!(
            b.text,
            format!("Notice {i} said \"little\", they wrote.\n\nA second paragraph.")
        );
        assert_eq!(fields(&b), [("id", i.to_string().as_str())]);
    }
}
