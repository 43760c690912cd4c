//! JSON and JSON Lines.

use super::*;

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
