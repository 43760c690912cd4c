//! A planted-variant benchmark for `corpus-explorer duplicates`, shared by `tests/duplicates.rs`
//! and `examples/duplicates_quality.rs` (both include this file with `#[path]`).
//!
//! English news articles on 30–60 topics (a topic has its own people, places, organisations,
//! figures, an official's quotes and background sentences: `variants_text.rs` writes them from
//! the inventory of `variants_words.rs`). Each *story* is an original article and 1–6 planted
//! variants, each in another outlet's folder and dated 0–3 days after the original; *singletons*
//! are distinct articles on the same topics (the hard negatives: same names, same stock phrases,
//! now and then the same quote or background sentence, otherwise written independently). The
//! variant kinds ([`Kind`]) are a byte-identical copy, the same text wrapped or stored otherwise
//! (hard-wrapped, one paragraph a line, CRLF, a JSON Lines record), a new headline, a trimmed
//! copy, an edited copy (3–12 % of the words), a paragraph added, two paragraphs swapped, and
//! combinations. Files are `DIR/outlet-NN/YYYY-MM-DD-NNNN.txt` (or `.jsonl`) in the dated
//! headline layout; the ground truth ([`Planted`]) stays in memory. The output depends only on
//! the [`Config`].
//!
//! [`eval`] scores the rows of `duplicates --format jsonl` against the ground truth.

use std::io;
use std::path::Path;

use chrono::NaiveDate;

#[path = "variants_edits.rs"]
pub mod edits;
#[path = "variants_eval.rs"]
pub mod eval;
#[path = "variants_lexicon.rs"]
pub mod lexicon;
#[path = "variants_text.rs"]
pub mod text;
#[path = "variants_words.rs"]
pub mod words;

use edits::{variant_count, variant_text};
use lexicon::Lexicon;
use text::{Article, Topic, Writer};

/// SplitMix64: small, fast, and the same everywhere.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        corpus_explorer::corpus::catalog::mix(self.0)
    }

    /// A generator of its own, seeded from this one.
    pub fn fork(&mut self) -> Self {
        Self(self.next_u64())
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    /// Uniform in `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One string of a non-empty slice.
    pub fn pick_str<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// Shuffle in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// What a file is to its story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The first article of a story, or a singleton.
    Original,
    /// A byte-identical copy.
    Exact,
    /// The same text, wrapped or stored otherwise.
    Text,
    /// A new headline over the same body.
    Headline,
    /// The first 60–90 % of the paragraphs.
    Trimmed,
    /// 3–12 % of the words edited.
    Edited,
    /// One paragraph added, at the end or in the middle.
    Added,
    /// Two paragraphs swapped.
    Swapped,
    /// Two or three of headline, trimmed, edited, added and swapped.
    Combo,
}

impl Kind {
    /// The variant kinds, in the order tables list them.
    pub const VARIANTS: [Kind; 8] = [
        Kind::Exact,
        Kind::Text,
        Kind::Headline,
        Kind::Trimmed,
        Kind::Edited,
        Kind::Added,
        Kind::Swapped,
        Kind::Combo,
    ];

    /// The kind's name in the ground truth.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Original => "original",
            Kind::Exact => "exact",
            Kind::Text => "text",
            Kind::Headline => "headline",
            Kind::Trimmed => "trimmed",
            Kind::Edited => "edited",
            Kind::Added => "added",
            Kind::Swapped => "swapped",
            Kind::Combo => "combo",
        }
    }
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    /// Stories (an original and 1–6 variants each).
    pub stories: usize,
    /// Distinct articles without a variant.
    pub singletons: usize,
    /// Topics the articles are about.
    pub topics: usize,
    /// Outlet folders (at least 7).
    pub outlets: usize,
    /// A third of the outlets put a footer of their own under every article (a copyright line,
    /// a newsletter plug), as real sites do: distinct articles of one outlet share it, and a
    /// variant in another outlet has that outlet's footer (or none) instead of the original's.
    pub footers: bool,
    /// Seed: the same configuration gives the same files.
    pub seed: u64,
}

impl Config {
    /// `stories` stories and `singletons` singletons, about 20 articles of a topic each (30–60
    /// topics), 24 outlets.
    pub fn new(stories: usize, singletons: usize, seed: u64) -> Self {
        Self {
            stories,
            singletons,
            topics: ((stories + singletons) / 20).clamp(30, 60),
            outlets: 24,
            footers: true,
            seed,
        }
    }
}

/// One generated file: the ground truth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planted {
    /// Path relative to the folder, `/`-separated.
    pub path: String,
    /// The story (None for a singleton).
    pub story: Option<u32>,
    /// What the file is to its story.
    pub kind: Kind,
    /// The topic.
    pub topic: u32,
    /// The date in the file.
    pub date: NaiveDate,
    /// The headline in the file.
    pub title: String,
    /// For a combination, what it combines (empty otherwise).
    pub combo: Vec<Kind>,
}

/// How a file holds an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Dated headline, blank line, paragraphs separated by blank lines.
    Blank,
    /// Dated headline, then one paragraph a line.
    Lines,
    /// Blank-line paragraphs hard-wrapped at this many columns.
    Wrapped(usize),
    /// Blank-line paragraphs with CRLF line ends and stray spaces.
    Crlf,
    /// One JSON Lines record (`headline`, `body`, `published`, `outlet`).
    Jsonl,
}

/// The file's bytes for `article` dated `date` in `style` (`outlet` names the source of a JSON
/// Lines record).
pub fn render(article: &Article, date: NaiveDate, outlet: &str, style: Style) -> String {
    let head = format!(" date {date} {}", article.headline);
    match style {
        Style::Blank => format!("{head}\n\n{}\n", article.paragraphs.join("\n\n")),
        Style::Lines => format!("{head}\n{}\n", article.paragraphs.join("\n")),
        Style::Wrapped(width) => {
            let wrapped: Vec<String> = article.paragraphs.iter().map(|p| wrap(p, width)).collect();
            format!("{head}\n\n{}\n", wrapped.join("\n\n"))
        }
        Style::Crlf => {
            let body: Vec<String> = article
                .paragraphs
                .iter()
                .map(|p| p.replace(". ", ".  "))
                .collect();
            format!("{head} \r\n\r\n{} \r\n", body.join(" \r\n\r\n"))
        }
        Style::Jsonl => {
            let record = serde_json::json!({
                "headline": article.headline,
                "body": article.paragraphs.join("\n\n"),
                "published": date.to_string(),
                "outlet": outlet,
            });
            format!("{record}\n")
        }
    }
}

/// `text` broken into lines of at most `width` columns (a longer word stands alone).
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

/// A news site: its name and the footer it puts under its articles.
#[derive(Clone, Debug)]
pub struct Outlet {
    /// `The Ashford Courier`.
    pub name: String,
    /// The last paragraph of its articles.
    pub footer: Option<String>,
}

/// Footers of news sites (`{O}` is the outlet's name, `{Y}` a year).
const FOOTERS: &[&str] = &[
    "Copyright {Y} {O}. All rights reserved. This material may not be published, broadcast, \
     rewritten or redistributed without permission.",
    "Sign up for the {O} morning newsletter to get the day's top stories delivered to your inbox \
     before breakfast.",
    "{O} is an independent, nonprofit newsroom. Our journalism depends on readers like you: \
     become a member today and support local reporting.",
    "Have a news tip or a correction? Email the newsroom at {O} or call our tip line any time, \
     day or night.",
    "This story was produced in partnership with the {O} regional reporting project and may be \
     republished free of charge.",
];

fn make_outlets(config: &Config, lex: &Lexicon, rng: &mut Rng) -> Vec<Outlet> {
    let papers = [
        "Courier",
        "Herald",
        "Gazette",
        "Tribune",
        "Daily News",
        "Chronicle",
        "Observer",
        "Press",
        "Ledger",
        "Sentinel",
    ];
    (0..config.outlets.max(7))
        .map(|_| {
            let name = format!("The {} {}", lex.place(rng), rng.pick_str(&papers));
            let footer = (config.footers && rng.chance(33)).then(|| {
                let year = rng.range(2023, 2024).to_string();
                rng.pick_str(FOOTERS)
                    .replace("{O}", &name)
                    .replace("{Y}", &year)
            });
            Outlet { name, footer }
        })
        .collect()
}

/// `article` with `outlet`'s footer as its last paragraph.
fn dressed(article: &Article, outlet: &Outlet) -> Article {
    let mut out = article.clone();
    out.paragraphs.extend(outlet.footer.clone());
    out
}

/// Where the files go, and what was written.
struct Out<'a> {
    dir: &'a Path,
    lex: &'a Lexicon,
    outlets: Vec<Outlet>,
    files: Vec<Planted>,
}

impl Out<'_> {
    /// Write `article` as outlet `outlet`'s file; the file's bytes.
    fn write(
        &mut self,
        mut file: Planted,
        outlet: usize,
        article: &Article,
        style: Style,
    ) -> io::Result<String> {
        let bytes = render(article, file.date, &self.outlets[outlet].name, style);
        self.write_bytes(&mut file, outlet, style, &bytes)?;
        Ok(bytes)
    }

    fn write_bytes(
        &mut self,
        file: &mut Planted,
        outlet: usize,
        style: Style,
        bytes: &str,
    ) -> io::Result<()> {
        let ext = if style == Style::Jsonl {
            "jsonl"
        } else {
            "txt"
        };
        file.path = format!(
            "outlet-{:02}/{}-{:04}.{ext}",
            outlet + 1,
            file.date,
            self.files.len() + 1
        );
        let path = self.dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
        self.files.push(file.clone());
        Ok(())
    }
}

/// The day `days` days after 2023-01-01.
fn day(days: usize) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    first + chrono::Days::new(days as u64)
}

/// An original's style: mostly blank-line paragraphs, some one a line, some JSON Lines.
fn original_style(rng: &mut Rng) -> Style {
    match rng.below(20) {
        0..=14 => Style::Blank,
        15..=17 => Style::Lines,
        _ => Style::Jsonl,
    }
}

/// How a variant of `kind` of an original in `style` is stored.
fn variant_style(kind: Kind, style: Style, rng: &mut Rng) -> Style {
    match kind {
        Kind::Exact => style,
        Kind::Text => {
            let width = rng.range(60, 80);
            let styles = [
                Style::Wrapped(72),
                Style::Wrapped(width),
                Style::Jsonl,
                Style::Lines,
                Style::Crlf,
                Style::Blank,
            ];
            let styles: Vec<Style> = styles.into_iter().filter(|&s| s != style).collect();
            *rng.pick(&styles)
        }
        _ if rng.chance(15) => Style::Jsonl,
        _ => Style::Blank,
    }
}

/// Write one story (a singleton when `story` is None) about topic `topic.0`.
fn write_story(
    out: &mut Out<'_>,
    topic: (u32, &Topic),
    story: Option<u32>,
    rng: &mut Rng,
) -> io::Result<()> {
    let (topic_id, topic) = topic;
    let target = rng.range(250, 900);
    let article = Writer::new(out.lex, topic, rng).article(target, 30, 20);
    let date = day(topic.start_day as usize + rng.below(60));
    let mut outlets: Vec<usize> = (0..out.outlets.len()).collect();
    rng.shuffle(&mut outlets);
    let style = original_style(rng);
    let planted = |kind: Kind, date: NaiveDate, title: &str, combo: Vec<Kind>| Planted {
        path: String::new(),
        story,
        kind,
        topic: topic_id,
        date,
        title: title.to_owned(),
        combo,
    };
    let as_published = dressed(&article, &out.outlets[outlets[0]]);
    let original = planted(Kind::Original, date, &article.headline, Vec::new());
    let original_bytes = out.write(original, outlets[0], &as_published, style)?;
    if story.is_none() {
        return Ok(());
    }
    for &outlet in &outlets[1..=variant_count(rng)] {
        let kind = *rng.pick(&Kind::VARIANTS);
        let vdate = if kind == Kind::Exact {
            date
        } else {
            date + chrono::Days::new(rng.below(4) as u64)
        };
        let (text, combo) = variant_text(&article, kind, topic, out.lex, rng);
        let mut file = planted(kind, vdate, &text.headline, combo);
        let vstyle = variant_style(kind, style, rng);
        match kind {
            Kind::Exact => out.write_bytes(&mut file, outlet, vstyle, &original_bytes)?,
            Kind::Text => drop(out.write(file, outlet, &as_published, vstyle)?),
            _ => drop(out.write(file, outlet, &dressed(&text, &out.outlets[outlet]), vstyle)?),
        }
    }
    Ok(())
}

/// Write the benchmark into `dir` (which should be empty); the ground truth of every file, in
/// the order written.
pub fn generate(dir: &Path, config: &Config) -> io::Result<Vec<Planted>> {
    let mut rng = Rng::new(config.seed ^ 0x5EED_D00D);
    let lex = Lexicon::new();
    let topics: Vec<Topic> = (0..config.topics.max(1))
        .map(|_| Topic::new(&lex, &mut rng.fork()))
        .collect();
    let outlets = make_outlets(config, &lex, &mut rng);
    // Stories and singletons interleaved, each on a random topic.
    let mut items: Vec<Option<u32>> = (0..config.stories as u32).map(Some).collect();
    items.extend(std::iter::repeat_n(None, config.singletons));
    rng.shuffle(&mut items);
    let mut out = Out {
        dir,
        lex: &lex,
        outlets,
        files: Vec::new(),
    };
    for story in items {
        let t = rng.below(topics.len());
        write_story(&mut out, (t as u32, &topics[t]), story, &mut rng.fork())?;
    }
    Ok(out.files)
}

/// `n` distinct articles on one topic (the same for the same seed): same people, places and
/// stock phrases, independently written.
pub fn topic_articles(seed: u64, n: usize) -> Vec<Article> {
    let lex = Lexicon::new();
    let mut rng = Rng::new(seed);
    let topic = Topic::new(&lex, &mut rng);
    (0..n)
        .map(|_| {
            let target = rng.range(300, 700);
            Writer::new(&lex, &topic, &mut rng).article(target, 30, 20)
        })
        .collect()
}

/// A copy of `article` with `fraction` of its words edited, as the `edited` kind does.
pub fn edited_copy(article: &Article, fraction: f64, seed: u64) -> Article {
    edits::edited(article, fraction, &Lexicon::new(), &mut Rng::new(seed))
}

/// The app's search tokens of `text` for Latin-script text: runs of letters and digits, lower
/// case, common accents folded.
pub fn tokens(text: &str) -> Vec<String> {
    let fold = |c: char| match c {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' | 'ø' => 'o',
        'ù'..='ü' => 'u',
        _ => c,
    };
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().chars().map(fold).collect())
        .collect()
}

/// Word 5-gram shingles of an article's headline and text (one shingle of all the tokens when
/// there are fewer than 5).
pub fn shingles(article: &Article) -> std::collections::HashSet<Vec<String>> {
    let all = format!("{}\n{}", article.headline, article.paragraphs.join("\n"));
    let tokens = tokens(&all);
    if tokens.len() < 5 {
        return std::iter::once(tokens).filter(|t| !t.is_empty()).collect();
    }
    tokens.windows(5).map(<[String]>::to_vec).collect()
}

/// Exact Jaccard similarity of two articles' word 5-gram shingles.
pub fn jaccard(a: &Article, b: &Article) -> f64 {
    let (a, b) = (shingles(a), shingles(b));
    let common = a.intersection(&b).count();
    let union = a.len() + b.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}
