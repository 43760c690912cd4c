//! The catalog file: written and read back whole; every damage an error, never a panic.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::contents::Catalog;
use super::file::{CatalogError, HEADER_LEN, MAGIC};
use crate::corpus::article::{Article, ArticleMeta, ByteSpan, FormatKind, TitleSource};
use crate::corpus::scan::{
    FileClass, FileStamp, FolderStamp, ScanProgress, SkipReason, SkippedFile, Stamp, Stamps,
};

fn rich_article(path: &str, start: u64) -> Article {
    Article {
        path: path.into(),
        raw_path: None,
        title: "Brücke über die Enge — 桥".into(),
        title_source: TitleSource::LeadSentence,
        date: NaiveDate::from_ymd_opt(1899, 12, 31),
        dateline: Some("WRENHAVEN (CN)".into()),
        words: 4321,
        size_bytes: 99_999,
        modified_unix_s: Some(-5),
        encoding: encoding_rs::WINDOWS_1252,
        had_bom: true,
        format: FormatKind::LexisNexis,
        span: Some(ByteSpan { start, len: 77 }),
        meta: Some(Box::new(ArticleMeta {
            outlet: Some("The Harbour Gazette".into()),
            url: None,
            authors: Some("A; B".into()),
            language: Some("GERMAN".into()),
            date_problem: Some("13/04/2024 could be either".into()),
        })),
    }
}

fn stamp(n: u64) -> Stamp {
    Stamp {
        size: n,
        modified_ns: 1_700_000_000_123_456_789 + n as i64,
        changed_ns: 1_700_000_001_000_000_000,
        inode: 1234 + n,
        device: 64769,
    }
}

fn sample() -> Catalog {
    let file = |path: &str, class, n| FileStamp {
        path: path.into(),
        raw_path: None,
        stamp: Some(stamp(n)),
        class,
    };
    let mut plain = Article::for_test("a/plain.txt");
    plain.encoding = encoding_rs::UTF_16LE;
    let skipped = |path: &str, reason| SkippedFile {
        path: path.to_owned(),
        reason,
    };
    let mut catalog = Catalog::new(
        PathBuf::from("/corpora/harbour"),
        vec![
            plain,
            rich_article("b/batch.txt", 0),
            rich_article("b/batch.txt", 500),
        ],
        vec![
            skipped("a/empty.txt", SkipReason::Empty),
            skipped(
                "b/batch.txt",
                SkipReason::BadRecord {
                    at: "document 3 of 3".into(),
                    problem: "no headline".into(),
                },
            ),
            skipped("c/gone", SkipReason::FolderUnreadable("denied".into())),
            skipped("d/big.json", SkipReason::TooLarge(64 << 20)),
        ],
        Stamps {
            files: vec![
                file("a/empty.txt", FileClass::Skipped, 0),
                file("a/note.md", FileClass::Ignored, 5),
                file("a/plain.txt", FileClass::Articles, 9),
                file("b/batch.txt", FileClass::Articles, 2048),
                file("d/big.json", FileClass::Skipped, 1 << 40),
            ],
            folders: vec![
                FolderStamp {
                    path: "".into(),
                    raw_path: None,
                    stamp: stamp(4096),
                },
                FolderStamp {
                    path: "a".into(),
                    raw_path: None,
                    stamp: stamp(4097),
                },
            ],
        },
        ScanProgress {
            files_seen: 7,
            article_files: 2,
            articles: 3,
            skipped: 3,
            ignored: 2,
            bytes_read: 9,
            bad_records: 1,
        },
        3,
        1_700_000_100_000_000_000,
    );
    catalog.generation = 42;
    catalog
}

#[test]
fn a_catalog_reads_back_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/x.catalog");
    let catalog = sample();
    assert!(
        catalog.loose_skipped,
        "the unlistable folder belongs to no file"
    );
    catalog.save(&path).unwrap();
    let back = Catalog::load(&path, Path::new("/corpora/harbour")).unwrap();
    assert_eq!(back.articles, catalog.articles);
    assert_eq!(back.skipped, catalog.skipped);
    assert_eq!(back.stamps, catalog.stamps);
    assert_eq!(back.totals, catalog.totals);
    assert_eq!(back.hidden_folders, 3);
    assert_eq!(back.generation, 42);
    assert_eq!(back.checked_at_ns, catalog.checked_at_ns);
    assert_eq!(back.ranges, catalog.ranges);
    // Only the catalog is left in its folder (no temporary file).
    let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["x.catalog"]);
    // Another folder's catalog is not this one's.
    assert!(matches!(
        Catalog::load(&path, Path::new("/corpora/other")),
        Err(CatalogError::Damaged(_))
    ));
}

#[test]
fn every_cut_and_every_flipped_byte_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.catalog");
    sample().save(&path).unwrap();
    let good = std::fs::read(&path).unwrap();
    let root = Path::new("/corpora/harbour");
    for len in 0..good.len() {
        std::fs::write(&path, &good[..len]).unwrap();
        assert!(Catalog::load(&path, root).is_err(), "cut at {len}");
    }
    for at in 0..good.len() {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        std::fs::write(&path, &bad).unwrap();
        assert!(Catalog::load(&path, root).is_err(), "flipped byte {at}");
    }
    // A payload that passes the checksum but is nonsense is caught by the reader.
    let mut forged = good[..HEADER_LEN].to_vec();
    let payload = vec![0xFF; 64];
    forged[MAGIC.len() + 4..MAGIC.len() + 12].copy_from_slice(&64u64.to_le_bytes());
    forged[MAGIC.len() + 12..HEADER_LEN].copy_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    forged.extend_from_slice(&payload);
    std::fs::write(&path, &forged).unwrap();
    assert!(matches!(
        Catalog::load(&path, root),
        Err(CatalogError::Damaged(_))
    ));
    std::fs::remove_file(&path).unwrap();
    assert!(matches!(
        Catalog::load(&path, root),
        Err(CatalogError::Missing)
    ));
}
