//! LexisNexis text batches.

use super::*;

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

/// Scan `tests/fixtures/lexis`, checking the totals.
fn scan_lexis_fixtures() -> Corpus {
    let corpus = scan_folder(&fixtures().join("lexis")).unwrap();
    assert_totals_add_up(&corpus);
    corpus
}

/// The extra fields of an article's body, by name.
fn extra(corpus: &Corpus, article: &Article) -> BTreeMap<String, String> {
    body(corpus, article).fields.into_iter().collect()
}

#[test]
fn a_german_batch_gives_its_documents_with_dates_authors_sections_and_language() {
    let corpus = scan_lexis_fixtures();
    let docs = articles_in(&corpus, "lexisnexis-de.txt");
    let got: Vec<_> = docs.iter().map(|a| shown(a)).collect();
    assert_eq!(
        got,
        [
            (
                "Brücke über die Kestrel-Enge besteht erste Prüfung",
                day(2010, 1, 11),
                "Merrower Rundschau",
                Some("Greta Hollmann")
            ),
            (
                "Fährhafen von Gull Point nach Ausbaggerung wieder offen",
                day(2017, 5, 4),
                "Küstenbote",
                Some("Jonas Brandt")
            ),
        ]
    );
    for a in &docs {
        assert_eq!(a.format, FormatKind::LexisNexis);
        assert_eq!(a.meta().language.as_deref(), Some("GERMAN; DEUTSCH"));
    }
    // The cover block's `Datum/Uhrzeit: Dienstag, 8. März 2016` is no article's date.
    assert!(docs.iter().all(|a| a.date != day(2016, 3, 8)));
    let fields = extra(&corpus, docs[0]);
    assert_eq!(fields["Rubrik"], "LOKALES; S. 3");
    assert_eq!(fields["Länge"], "121 Wörter");
    assert_eq!(fields["Update"], "12. Januar 2010");
    // The edition lines between the date and the headline are one edition, not a headline.
    assert_eq!(fields["Edition"], "Ausgabe 1; Nordküste");
    let text = body(&corpus, docs[0]).text;
    assert!(
        text.starts_with("Die Brücke über die Kestrel-Enge hat"),
        "{text}"
    );
    assert!(
        text.ends_with("rund 19.000 Fahrzeuge die Brücke."),
        "{text}"
    );
    assert!(
        !text.contains("SPRACHE") && !text.contains("Copyright"),
        "{text}"
    );
    assert!(bad_records(&corpus, "lexisnexis-de.txt").is_empty());
}

#[test]
fn a_french_batch_gives_its_documents_with_dates_lengths_and_language() {
    let corpus = scan_lexis_fixtures();
    let docs = articles_in(&corpus, "lexisnexis-fr.txt");
    let got: Vec<_> = docs.iter().map(|a| shown(a)).collect();
    assert_eq!(
        got,
        [
            (
                "L'astrolabe de Wrenhaven rejoint la nouvelle galerie du musée",
                day(2017, 5, 4),
                "Le Courrier du Littoral",
                None
            ),
            (
                "Le conseil du comté refuse de publier le rapport d'inspection",
                day(2018, 12, 1),
                "Le Courrier du Littoral",
                None
            ),
        ]
    );
    assert_eq!(docs[0].meta().language.as_deref(), Some("FRANÇAIS; FRENCH"));
    let fields = extra(&corpus, docs[0]);
    assert_eq!(fields["Longueur"], "74 mots");
    assert_eq!(fields["Edition"], "Édition Ouest");
    let text = body(&corpus, docs[1]).text;
    assert!(
        text.starts_with("Le conseil du comté de Merrow a refusé"),
        "{text}"
    );
    // Hard-wrapped at 70 columns: the lines of the paragraph are joined.
    assert!(
        text.ends_with("invoquant des raisons de sécurité."),
        "{text:?}"
    );
}

#[test]
fn edition_lines_between_the_date_and_the_headline_are_not_the_headline() {
    let corpus = scan_lexis_fixtures();
    let docs = articles_in(&corpus, "lexisnexis-editions.txt");
    let titles: Vec<&str> = docs.iter().map(|a| &*a.title).collect();
    assert_eq!(
        titles,
        [
            "HAKE QUOTA TALKS STALL AS SKIPPERS WALK OUT",
            "Astrolabe moves to new gallery"
        ]
    );
    assert_eq!(docs[0].date, day(2011, 3, 3));
    assert_eq!(
        docs[0].meta().outlet.as_deref(),
        Some("The Harbour Gazette (Scotland)")
    );
    assert_eq!(extra(&corpus, docs[0])["Edition"], "Edition 1; Scotland");
    assert_eq!(extra(&corpus, docs[1])["Edition"], "3 Star Edition");
    assert_eq!(docs[1].date, day(2012, 6, 22));
}
