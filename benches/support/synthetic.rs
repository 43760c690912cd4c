//! A million article records built in memory, like a finished scan's, for benchmarks of the
//! table's queries and of the window.

use chrono::NaiveDate;
use corpus_explorer::corpus::{Article, FormatKind, TitleSource};

use super::corpus_gen::{self, SplitMix64};

/// Records like a scan's: generated headlines, 70% dated 2005–2025, 30% with a dateline, sorted
/// by path.
pub fn synthetic_articles(n: u64) -> Vec<Article> {
    let vocab = corpus_gen::Vocab::new();
    let mut rng = SplitMix64::new(42);
    let outlets = corpus_gen::outlet_count(n);
    let mut articles: Vec<Article> = (0..n)
        .map(|index| {
            let title = vocab.headline(&mut rng);
            let outlet = rng.below(outlets);
            let year = corpus_gen::FIRST_YEAR + rng.below(21) as i32;
            let date = if rng.percent(70) {
                NaiveDate::from_ymd_opt(year, rng.range(1, 12) as u32, rng.range(1, 28) as u32)
            } else {
                None
            };
            let dateline = rng
                .percent(30)
                .then(|| Box::<str>::from("SHAVELD, N.Y. (AP)"));
            Article {
                path: format!("outlet-{outlet:02}/{year}/{index:07}.txt").into(),
                raw_path: None,
                title: title.into(),
                title_source: TitleSource::Headline,
                date,
                dateline,
                words: rng.range(200, 900) as u32,
                size_bytes: rng.range(1500, 5000),
                modified_unix_s: Some(1_700_000_000 + rng.below(10_000_000) as i64),
                encoding: encoding_rs::UTF_8,
                had_bom: false,
                format: FormatKind::PlainText,
                span: None,
                meta: None,
            }
        })
        .collect();
    articles.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    articles
}
