//! A deterministic synthetic news corpus, shared by `examples/make_corpus.rs` and
//! `benches/scan.rs` (both include this file with `#[path]`).
//!
//! Every article is built from its own PRNG stream, seeded from the corpus seed and the article's
//! index, so the output depends only on the seed and N, never on the number of threads.
//!
//! Layouts (roughly 40/30/30), as the scanner's plain-text rules describe them:
//! 1. ` date YYYY-MM-DD Headline Words` on line 1, body paragraphs one per line.
//! 2. ` date YYYY-MM-DD PLACE, ST. (AGENCY) — Lead sentence …`, then blank-line-separated
//!    paragraphs.
//! 3. Undated: headline, blank line, paragraphs separated by blank lines.
//!
//! Files go to `OUT/outlet-XX/YYYY/NNNNNN.txt` (the year of the article's date, also for undated
//! articles); there are 20 outlets, more when N is large, so a folder holds about 700 files at
//! most on average. About 20% of the files hold non-ASCII text (`é`, `—`, `“ ”`).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// First and last year of the article dates.
pub const FIRST_YEAR: i32 = 2005;
/// Last year of the article dates (inclusive).
pub const LAST_YEAR: i32 = 2025;
const YEARS: u64 = (LAST_YEAR - FIRST_YEAR + 1) as u64;
/// Outlets when N is small.
const MIN_OUTLETS: u64 = 20;
/// Average files per `outlet/year` folder that adds outlets beyond [`MIN_OUTLETS`].
const FILES_PER_FOLDER: u64 = 700;

/// SplitMix64: tiny, fast and good enough for synthetic text.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        corpus_explorer::corpus::catalog::mix(self.0)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// One string of a non-empty slice.
    pub fn pick_str<'a, S: AsRef<str>>(&mut self, items: &'a [S]) -> &'a str {
        self.pick(items).as_ref()
    }
}

/// The three layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// ` date … Headline` then one paragraph per line.
    DatedHeadline,
    /// ` date … PLACE, ST. (AGENCY) — lead`, blank-line paragraphs.
    Dateline,
    /// Headline, blank line, blank-line paragraphs; no date.
    Undated,
}

/// What was decided about one article before its text is written.
#[derive(Clone, Copy, Debug)]
pub struct Meta {
    /// Outlet folder number.
    pub outlet: u64,
    /// Year, month, day (the year names the folder even when the date is not written).
    pub date: (i32, u32, u32),
    /// Layout.
    pub layout: Layout,
    /// Holds non-ASCII text.
    pub non_ascii: bool,
    /// Aimed-for size in bytes.
    pub target_bytes: usize,
}

/// Totals of a generation run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Generated {
    /// Files written.
    pub files: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Files per layout: dated headline, dateline, undated.
    pub layouts: [u64; 3],
    /// Files holding non-ASCII text.
    pub non_ascii_files: u64,
    /// Folders holding the files.
    pub folders: u64,
}

impl Generated {
    fn add(&mut self, other: &Self) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.non_ascii_files += other.non_ascii_files;
        for (a, b) in self.layouts.iter_mut().zip(other.layouts) {
            *a += b;
        }
    }
}

/// Words ending a sentence must not look like abbreviations to the scanner.
use corpus_explorer::corpus::formats::layout::ABBREVIATIONS;

const FUNCTION_WORDS: &[&str] = &[
    "the", "the", "the", "of", "of", "and", "and", "to", "in", "for", "on", "with", "said", "was",
    "that", "by", "from", "after", "over", "their", "its", "would", "could", "has", "were",
];
const STATES: &[&str] = &[
    "N.Y.", "Calif.", "Ill.", "Fla.", "Mass.", "Ga.", "Wash.", "Texas", "Ohio", "Ore.", "N.J.",
    "Va.", "Mich.", "Pa.", "Colo.",
];
const AGENCIES: &[&str] = &["AP", "Reuters", "CN", "AFP", "UPI"];

/// The invented vocabulary.
pub struct Vocab {
    /// Lower-case content words (3+ letters, none an abbreviation).
    words: Vec<String>,
    /// The same with an `é` in them, for the non-ASCII files.
    accented: Vec<String>,
    /// Capitalised names.
    names: Vec<String>,
}

impl Default for Vocab {
    fn default() -> Self {
        Self::new()
    }
}

impl Vocab {
    /// The vocabulary (the same for every seed).
    pub fn new() -> Self {
        const ONSETS: &[&str] = &[
            "b", "br", "c", "cl", "d", "dr", "f", "g", "gr", "h", "k", "l", "m", "n", "p", "pl",
            "r", "s", "st", "t", "tr", "v", "w", "z", "sh", "th",
        ];
        const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou", "e", "a"];
        const CODAS: &[&str] = &["", "", "n", "r", "s", "l", "m", "nd", "st", "x", "t", "ck"];
        let mut rng = SplitMix64::new(0x00C0_FFEE);
        let syllable = |rng: &mut SplitMix64| {
            format!(
                "{}{}{}",
                rng.pick(ONSETS),
                rng.pick(VOWELS),
                rng.pick(CODAS)
            )
        };
        let mut seen = BTreeSet::new();
        let mut words = Vec::new();
        while words.len() < 400 {
            let syllables = rng.range(1, 3);
            let word: String = (0..syllables).map(|_| syllable(&mut rng)).collect();
            if word.len() >= 4
                && word.len() <= 12
                && !ABBREVIATIONS.contains(&word.as_str())
                && seen.insert(word.clone())
            {
                words.push(word);
            }
        }
        let accented = words
            .iter()
            .filter(|w| w.contains('e'))
            .take(60)
            .map(|w| w.replacen('e', "é", 1))
            .collect();
        let names = words
            .iter()
            .skip(300)
            .take(80)
            .map(|w| capitalise(w))
            .collect();
        Self {
            words,
            accented,
            names,
        }
    }

    /// A headline drawn from `rng` (non-ASCII words in about 20% of them).
    pub fn headline(&self, rng: &mut SplitMix64) -> String {
        let non_ascii = rng.percent(20);
        let mut w = Writer {
            vocab: self,
            rng: SplitMix64::new(rng.next_u64()),
            non_ascii,
        };
        let mut out = String::new();
        w.headline(&mut out);
        out
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn push_capitalised(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// Draws the article-level decisions; the text is drawn from the same stream afterwards.
fn draw_meta(rng: &mut SplitMix64, outlets: u64) -> Meta {
    let outlet = rng.below(outlets);
    let year = FIRST_YEAR + rng.below(YEARS) as i32;
    let month = rng.range(1, 12) as u32;
    let day = rng.range(1, days_in_month(year, month).into()) as u32;
    let layout = match rng.below(10) {
        0..=3 => Layout::DatedHeadline,
        4..=6 => Layout::Dateline,
        _ => Layout::Undated,
    };
    let non_ascii = rng.percent(20);
    // 1.5–5 KB, averaging about 3 KB.
    let x = (2.0 * rng.unit() + rng.unit() * rng.unit()) / 3.0;
    let target_bytes = 1500 + (3500.0 * x) as usize;
    Meta {
        outlet,
        date: (year, month, day),
        layout,
        non_ascii,
        target_bytes,
    }
}

fn days_in_month(year: i32, month: u32) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Writes sentences, paragraphs and headlines.
struct Writer<'a> {
    vocab: &'a Vocab,
    rng: SplitMix64,
    non_ascii: bool,
}

impl<'a> Writer<'a> {
    fn content_word(&mut self) -> &'a str {
        let vocab = self.vocab;
        if self.non_ascii && self.rng.percent(4) {
            self.rng.pick_str(&vocab.accented)
        } else {
            self.rng.pick_str(&vocab.words)
        }
    }

    fn any_word(&mut self) -> &'a str {
        if self.rng.percent(35) {
            self.rng.pick_str(FUNCTION_WORDS)
        } else {
            self.content_word()
        }
    }

    fn name(&mut self, out: &mut String) {
        let vocab = self.vocab;
        let first = self.rng.pick_str(&vocab.names);
        let last = self.rng.pick_str(&vocab.names);
        out.push_str(first);
        out.push(' ');
        out.push_str(last);
    }

    /// `n` words; the first capitalised when `capital`; the last always a content word.
    fn words(&mut self, out: &mut String, n: u64, capital: bool) {
        for k in 0..n {
            if k > 0 {
                out.push(' ');
            }
            let word = if k + 1 == n {
                self.content_word()
            } else {
                self.any_word()
            };
            if k == 0 && capital {
                push_capitalised(out, word);
            } else if k > 0 && k + 1 < n && self.rng.percent(5) {
                self.name(out);
            } else {
                out.push_str(word);
            }
            if k + 1 < n && k > 1 && self.rng.percent(6) {
                out.push(',');
            }
        }
    }

    /// One sentence ending in a full stop (or a quote for the non-ASCII files).
    fn sentence(&mut self, out: &mut String) {
        if self.non_ascii && self.rng.percent(12) {
            out.push('“');
            let n = self.rng.range(5, 12);
            self.words(out, n, true);
            out.push_str(",” ");
            self.name(out);
            out.push_str(" said.");
            return;
        }
        let n = self.rng.range(8, 22);
        if self.non_ascii && self.rng.percent(15) {
            let head = n / 2;
            self.words(out, head, true);
            out.push_str(" — ");
            self.words(out, n - head, false);
        } else {
            self.words(out, n, true);
        }
        out.push('.');
    }

    fn paragraph(&mut self, out: &mut String) {
        let n = self.rng.range(2, 5);
        for k in 0..n {
            if k > 0 {
                out.push(' ');
            }
            self.sentence(out);
        }
    }

    /// 4–9 title-case words, no final stop.
    fn headline(&mut self, out: &mut String) {
        let n = self.rng.range(4, 9);
        for k in 0..n {
            if k > 0 {
                out.push(' ');
            }
            // Function words stay lower-case inside a headline.
            if k > 0 && k + 1 < n && self.rng.percent(30) {
                out.push_str(self.rng.pick_str(FUNCTION_WORDS));
            } else {
                let word = self.content_word();
                push_capitalised(out, word);
            }
        }
    }

    /// `PLACE, ST. (AGENCY)` with the odd part left out.
    fn dateline(&mut self, out: &mut String) {
        let words = self.rng.range(1, 2);
        for k in 0..words {
            if k > 0 {
                out.push(' ');
            }
            let word = self.content_word().to_uppercase();
            out.push_str(&word);
        }
        if !self.rng.percent(10) {
            out.push_str(", ");
            out.push_str(self.rng.pick_str(STATES));
        }
        if !self.rng.percent(10) {
            out.push_str(" (");
            out.push_str(self.rng.pick_str(AGENCIES));
            out.push(')');
        }
    }
}

/// The text of article `index` of the corpus for `seed`, written into `out` (cleared first).
pub fn article_text(vocab: &Vocab, seed: u64, index: u64, outlets: u64, out: &mut String) -> Meta {
    out.clear();
    let mut rng = article_rng(seed, index);
    let meta = draw_meta(&mut rng, outlets);
    let mut w = Writer {
        vocab,
        rng,
        non_ascii: meta.non_ascii,
    };
    let (year, month, day) = meta.date;
    match meta.layout {
        Layout::DatedHeadline => {
            let _ = write!(out, " date {year:04}-{month:02}-{day:02} ");
            w.headline(out);
            out.push('\n');
            while out.len() < meta.target_bytes {
                w.paragraph(out);
                out.push('\n');
            }
        }
        Layout::Dateline => {
            let _ = write!(out, " date {year:04}-{month:02}-{day:02} ");
            w.dateline(out);
            out.push_str(" — ");
            w.paragraph(out);
            out.push('\n');
            while out.len() < meta.target_bytes {
                out.push('\n');
                w.paragraph(out);
                out.push('\n');
            }
        }
        Layout::Undated => {
            w.headline(out);
            out.push('\n');
            while out.len() < meta.target_bytes {
                out.push('\n');
                w.paragraph(out);
                out.push('\n');
            }
        }
    }
    meta
}

fn article_rng(seed: u64, index: u64) -> SplitMix64 {
    let mut mix = SplitMix64::new(seed ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    SplitMix64::new(mix.next_u64())
}

/// Outlets for a corpus of `n` articles.
pub fn outlet_count(n: u64) -> u64 {
    MIN_OUTLETS.max(n.div_ceil(YEARS * FILES_PER_FOLDER))
}

fn folder(out_dir: &Path, meta: &Meta) -> PathBuf {
    out_dir
        .join(format!("outlet-{:02}", meta.outlet))
        .join(format!("{:04}", meta.date.0))
}

fn file_name(index: u64) -> String {
    format!("{index:06}.txt")
}

fn with_path(err: &io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

/// Write the `n` articles of the corpus for `seed` under `out_dir` on `threads` threads (0: all
/// cores). Existing files of the same names are overwritten.
pub fn generate(out_dir: &Path, n: u64, seed: u64, threads: usize) -> io::Result<Generated> {
    let outlets = outlet_count(n);
    // The folders first: the meta is the start of each article's stream, so this is cheap.
    let mut folders = BTreeSet::new();
    for index in 0..n {
        let meta = draw_meta(&mut article_rng(seed, index), outlets);
        folders.insert(folder(out_dir, &meta));
    }
    for dir in &folders {
        std::fs::create_dir_all(dir).map_err(|e| with_path(&e, dir))?;
    }
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        t => t,
    } as u64;
    let vocab = Vocab::new();
    let mut total = Generated {
        folders: folders.len() as u64,
        ..Generated::default()
    };
    std::thread::scope(|scope| -> io::Result<()> {
        let mut handles = Vec::new();
        for t in 0..threads {
            let vocab = &vocab;
            let handle = std::thread::Builder::new()
                .name(format!("corpus-gen-{t}"))
                .spawn_scoped(scope, move || -> io::Result<Generated> {
                    let mut done = Generated::default();
                    let mut text = String::with_capacity(8192);
                    let mut index = t;
                    while index < n {
                        let meta = article_text(vocab, seed, index, outlets, &mut text);
                        let path = folder(out_dir, &meta).join(file_name(index));
                        std::fs::write(&path, text.as_bytes()).map_err(|e| with_path(&e, &path))?;
                        done.files += 1;
                        done.bytes += text.len() as u64;
                        done.layouts[meta.layout as usize] += 1;
                        done.non_ascii_files += u64::from(meta.non_ascii);
                        index += threads;
                    }
                    Ok(done)
                })?;
            handles.push(handle);
        }
        for handle in handles {
            let done = handle
                .join()
                .map_err(|_| io::Error::other("a generator thread panicked"))??;
            total.add(&done);
        }
        Ok(())
    })?;
    Ok(total)
}
