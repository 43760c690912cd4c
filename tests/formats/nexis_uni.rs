//! Nexis Uni DOCX.

use super::*;

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
        } else if *p == "\u{b}" {
            // The end of a section, as Nexis Uni writes between documents.
            xml.push_str(r#"<w:p><w:pPr><w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:bottom="1440"/></w:sectPr></w:pPr></w:p>"#);
        } else if *p == "\u{e}" {
            // An empty paragraph that starts a new page.
            xml.push_str(r#"<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>"#);
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

/// An export's cover page, as Nexis Uni writes it in an English interface.
const ENGLISH_COVER: [&str; 16] = [
    "",
    "Date and Time: Wednesday, 6. March 2024 10:14:00 CET",
    "Job Number: 21940573",
    "Documents (2)",
    "1. Harbour Authority Approves Night Dredging",
    "Client/Matter: -None-",
    "Search Terms: gull point dredging",
    "Search Type: Terms and Connectors",
    "Narrowed by: ",
    "",
    "Content Type",
    "Narrowed by",
    "News",
    "Sources: Coastal Herald; Content Type: News",
    "2. Dredging Ends Early at Gull Point",
    "Sources: Coastal Herald; Content Type: News",
];

/// The same cover page in a German interface.
const GERMAN_COVER: [&str; 13] = [
    "Datum und Uhrzeit: Mittwoch, 6. März 2024 10:14:00 MEZ",
    "Auftragsnummer: 21940574",
    "Dokumente (2)",
    "1. Hafenbehörde genehmigt nächtliche Baggerarbeiten",
    "Mandant/Projekt: -Keine-",
    "Suchbegriffe: gull point baggerarbeiten",
    "Suchtyp: Boolesche Suche",
    "Eingegrenzt durch: ",
    "Inhaltstyp",
    "Nachrichten",
    "Quellen: Küstenbote; Inhaltstyp: Nachrichten",
    "2. Baggerarbeiten am Gull Point früher beendet",
    "Quellen: Küstenbote; Inhaltstyp: Nachrichten",
];

/// Two articles in an export's layout, each ending with `End of Document`; `break_between`
/// goes before each.
fn two_articles(break_between: &[&'static str]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for article in [
        [
            "Harbour Authority Approves Night Dredging",
            "Coastal Herald",
            "March 4, 2024 Monday",
            "Copyright 2024 Coastal Herald",
            "Section:\u{a0}NEWS; Pg. 2",
            "Length:\u{a0}31 words",
            "Byline:\u{a0}Niamh Carrow-Bell",
            "Body",
            "Dredgers may work through the night at Gull Point from next week, the harbour authority decided.",
            "End of Document",
        ],
        [
            "Dredging Ends Early at Gull Point",
            "Coastal Herald",
            "March 5, 2024 Tuesday",
            "Copyright 2024 Coastal Herald",
            "Section:\u{a0}NEWS; Pg. 3",
            "Length:\u{a0}12 words",
            "Byline:\u{a0}Niamh Carrow-Bell",
            "Body",
            "The dredging finished two weeks early.",
            "End of Document",
        ],
    ] {
        out.extend_from_slice(break_between);
        out.extend_from_slice(&article);
    }
    out
}

/// An article as these tests compare it: title, date, source.
type Shown = (String, Option<NaiveDate>, String);

/// The titles, dates and outlets of a `.docx` written from `paragraphs`, and its bad records.
fn read_docx(paragraphs: &[&str]) -> (Vec<Shown>, Vec<(String, String)>) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "export.docx", docx(paragraphs));
    let corpus = scan_folder(dir.path()).unwrap();
    let articles = corpus
        .articles
        .iter()
        .map(|a| (a.title.to_string(), a.date, a.source().to_owned()))
        .collect();
    (articles, bad_records(&corpus, "export.docx"))
}

#[test]
fn the_cover_page_is_no_part_of_the_first_article_in_english_and_german() {
    let wanted = vec![
        (
            "Harbour Authority Approves Night Dredging".to_owned(),
            day(2024, 3, 4),
            "Coastal Herald".to_owned(),
        ),
        (
            "Dredging Ends Early at Gull Point".to_owned(),
            day(2024, 3, 5),
            "Coastal Herald".to_owned(),
        ),
    ];
    // As Nexis Uni writes it: each document in a section of its own.
    let mut sections: Vec<&str> = ENGLISH_COVER.to_vec();
    sections.extend(two_articles(&["\u{b}", "", "\u{b}", ""]));
    assert_eq!(read_docx(&sections), (wanted.clone(), Vec::new()));
    // Without any break, the cover page is recognised by its labels, in either language.
    for cover in [&ENGLISH_COVER[..], &GERMAN_COVER[..]] {
        let mut plain: Vec<&str> = cover.to_vec();
        plain.extend(two_articles(&[""]));
        assert_eq!(
            read_docx(&plain),
            (wanted.clone(), Vec::new()),
            "{:?}",
            cover[1]
        );
    }
    // A paragraph that starts on a new page ends the cover too.
    let mut new_page: Vec<&str> = ENGLISH_COVER.to_vec();
    new_page.extend(two_articles(&["\u{e}"]));
    assert_eq!(read_docx(&new_page).0, wanted);
}

#[test]
fn one_cover_label_alone_does_not_make_a_cover_page() {
    // A headline that reads like one cover line stays the headline.
    let (articles, bad) = read_docx(&[
        "Documents (12) Show Council Knew of Bridge Faults",
        "Coastal Herald",
        "March 6, 2024 Wednesday",
        "Body",
        "Twelve documents released on Tuesday show the council knew.",
        "End of Document",
    ]);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(
        articles[0].0,
        "Documents (12) Show Council Knew of Bridge Faults"
    );
}

#[test]
fn articles_read_one_after_another_are_read_as_alone_and_a_changed_export_is_read_anew() {
    let dir = tempfile::tempdir().unwrap();
    let mut three_pairs = Vec::new();
    for _ in 0..3 {
        three_pairs.extend(two_articles(&["\u{b}"]));
    }
    write(dir.path(), "a-export.docx", docx(&three_pairs));
    write(
        dir.path(),
        "b-note.txt",
        "Harbour Note\n\nThe harbour opens at dawn.\n",
    );
    write(dir.path(), "c-export.docx", docx(&two_articles(&["\u{c}"])));
    let corpus = scan_folder(dir.path()).unwrap();
    assert_eq!(corpus.articles.len(), 9, "{:?}", corpus.skipped);
    let alone = |a: &Article| format!("{:?}", load_body(&corpus.root, a, DEFAULT_BODY_MAX_BYTES));
    // In the corpus's order, then backwards: each article as it reads alone.
    let mut loader = BodyLoader::default();
    for a in corpus.articles.iter().chain(corpus.articles.iter().rev()) {
        let read = loader.load(&corpus.root, a, DEFAULT_BODY_MAX_BYTES);
        assert_eq!(format!("{read:?}"), alone(a), "{}", a.title);
    }
    let last = corpus.articles.iter().rev().nth(1).unwrap();
    assert!(
        loader
            .load(&corpus.root, last, DEFAULT_BODY_MAX_BYTES)
            .unwrap()
            .text
            .contains("Dredgers may work"),
        "{}",
        last.title
    );

    // The export changes while the loader holds it: the file as it is now is read.
    let first = &corpus.articles[0];
    loader
        .load(&corpus.root, first, DEFAULT_BODY_MAX_BYTES)
        .unwrap();
    let rewritten: Vec<String> = two_articles(&["\u{b}"])
        .iter()
        .map(|p| p.replace("Dredgers may work", "From Monday, dredgers may work"))
        .collect();
    let rewritten: Vec<&str> = rewritten.iter().map(String::as_str).collect();
    write(dir.path(), "a-export.docx", docx(&rewritten));
    // Not the text held from before: what reading the changed file alone gives (here an
    // error, the article's place in the document having moved).
    let read = loader.load(&corpus.root, first, DEFAULT_BODY_MAX_BYTES);
    assert!(
        read.as_ref().map_or(true, |body| body.changed_since_scan),
        "{read:?}"
    );
    assert_eq!(format!("{read:?}"), alone(first));
}
