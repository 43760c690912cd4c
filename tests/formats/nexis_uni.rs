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
