//! CSV and TSV.

use super::*;

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
