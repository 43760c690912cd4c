//! The changes that make a planted variant (`variants_gen.rs`): edits a copy editor makes
//! (numbers, names, synonyms, insertions, deletions, short phrases rewritten), a trimmed end,
//! an added paragraph, swapped paragraphs, a new headline, and combinations.

use super::lexicon::Lexicon;
use super::text::{Article, Topic, Writer};
use super::{Kind, Rng};

/// Words a copy editor changes for another (both ways).
const SYNONYMS: &[(&str, &str)] = &[
    ("said", "added"),
    ("about", "roughly"),
    ("nearly", "almost"),
    ("residents", "locals"),
    ("officials", "authorities"),
    ("plan", "proposal"),
    ("approved", "passed"),
    ("delayed", "postponed"),
    ("meeting", "session"),
    ("rejected", "turned down"),
    ("large", "big"),
    ("new", "fresh"),
    ("expected", "likely"),
    ("several", "a number of"),
    ("many", "numerous"),
    ("criticized", "faulted"),
    ("warned", "cautioned"),
    ("report", "study"),
    ("told", "informed"),
    ("reporters", "journalists"),
    ("city", "municipal"),
    ("also", "additionally"),
];

/// Phrases a copy editor writes instead of 2–5 words.
const REWRITES: &[&str] = &[
    "in the coming weeks",
    "at a later date",
    "for the time being",
    "according to officials",
    "on Thursday evening",
    "in a written statement",
    "at least for now",
    "by a wide margin",
    "after some debate",
    "without further delay",
    "as expected",
    "in recent days",
    "for several years",
    "under the new rules",
    "with some reluctance",
    "on short notice",
];

/// Short insertions.
const INSERTS: &[&str] = &[
    "also",
    "now",
    "reportedly",
    "still",
    "already",
    "recently",
    "on Tuesday",
    "last year",
    "in a statement",
    "however,",
    "officially",
    "so far",
];

/// One edit at a random place; the number of words it changed.
fn edit_once(words: &mut Vec<String>, lex: &Lexicon, rng: &mut Rng) -> usize {
    if words.len() < 8 {
        return 0;
    }
    let at = rng.range(1, words.len() - 2);
    let (core, punct) = split_punct(&words[at]);
    match rng.below(20) {
        // A number or a name corrected.
        0..=4 => {
            if let Some(i) = (at..words.len())
                .chain(0..at)
                .find(|&i| words[i].bytes().any(|b| b.is_ascii_digit()))
            {
                let (core, punct) = split_punct(&words[i]);
                let bumped: String = core
                    .chars()
                    .map(|c| {
                        if c.is_ascii_digit() {
                            char::from(b'0' + (c as u8 - b'0' + 1 + rng.below(8) as u8) % 10)
                        } else {
                            c
                        }
                    })
                    .collect();
                words[i] = format!("{bumped}{punct}");
                1
            } else if core.chars().next().is_some_and(char::is_uppercase) && core.len() > 3 {
                words[at] = format!("{}{punct}", rng.pick(&lex.surnames));
                1
            } else {
                0
            }
        }
        // A word for a synonym, or for another word.
        5..=9 => {
            let lower = core.to_lowercase();
            let swap = SYNONYMS.iter().find_map(|&(a, b)| {
                if a == lower {
                    Some(b)
                } else if b == lower {
                    Some(a)
                } else {
                    None
                }
            });
            let new = swap.map_or_else(|| lex.any_word(rng), str::to_owned);
            words[at] = format!("{new}{punct}");
            1
        }
        // A word or two inserted.
        10..=12 => {
            let insert = rng.pick_str(INSERTS);
            let n = insert.split_whitespace().count();
            words.splice(at..at, insert.split_whitespace().map(str::to_owned));
            n
        }
        // A word deleted (not one that ends a sentence).
        13..=14 => {
            if punct.is_empty() {
                words.remove(at);
                1
            } else {
                0
            }
        }
        // 2–5 words rewritten.
        _ => {
            let n = rng.range(2, 5).min(words.len() - at - 1);
            let last = split_punct(&words[at + n - 1]).1.to_owned();
            let new: Vec<String> = rng
                .pick_str(REWRITES)
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            let changed = n.max(new.len());
            let mut new = new;
            if let Some(end) = new.last_mut() {
                end.push_str(&last);
            }
            words.splice(at..at + n, new);
            changed
        }
    }
}

/// A word and the punctuation that ends it.
fn split_punct(word: &str) -> (&str, &str) {
    let core = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    (core, &word[core.len()..])
}

/// `article` with `fraction` of its words edited (numbers, names, synonyms, insertions,
/// deletions, short phrases rewritten), spread over the paragraphs.
pub fn edited(article: &Article, fraction: f64, lex: &Lexicon, rng: &mut Rng) -> Article {
    let mut paragraphs: Vec<Vec<String>> = article
        .paragraphs
        .iter()
        .map(|p| p.split_whitespace().map(str::to_owned).collect())
        .collect();
    let total: usize = paragraphs.iter().map(Vec::len).sum();
    let goal = ((total as f64 * fraction).round() as usize).max(1);
    let mut done = 0;
    let mut tries = 0;
    while done < goal && tries < 20 * goal {
        tries += 1;
        let p = rng.below(paragraphs.len());
        done += edit_once(&mut paragraphs[p], lex, rng);
    }
    Article {
        headline: article.headline.clone(),
        paragraphs: paragraphs.into_iter().map(|p| p.join(" ")).collect(),
    }
}

/// `article` changed as `kind` says (not for the kinds that keep the text).
fn vary(
    article: &Article,
    kind: Kind,
    writer: &mut Writer<'_>,
    lex: &Lexicon,
    rng: &mut Rng,
) -> Article {
    let mut out = article.clone();
    let n = out.paragraphs.len();
    match kind {
        Kind::Headline => {
            while out.headline == article.headline {
                out.headline = writer.headline();
            }
        }
        Kind::Trimmed => {
            let keep = ((n as f64 * rng.uniform(0.6, 0.9)).round() as usize).clamp(2, n - 1);
            out.paragraphs.truncate(keep);
        }
        Kind::Edited => out = edited(article, rng.uniform(0.03, 0.12), lex, rng),
        Kind::Added => {
            let sentences = rng.range(2, 4);
            let p = writer.paragraph(sentences);
            let at = if rng.chance(50) {
                n
            } else {
                rng.range(1, n - 1)
            };
            out.paragraphs.insert(at, p);
        }
        Kind::Swapped => {
            let a = rng.range(1, n - 1);
            let mut b = rng.below(n);
            while b == a {
                b = rng.below(n);
            }
            out.paragraphs.swap(a, b);
        }
        Kind::Original | Kind::Exact | Kind::Text | Kind::Combo => {}
    }
    out
}

/// Two or three changes for a combination, in the order they are made.
fn combo_parts(rng: &mut Rng) -> Vec<Kind> {
    let mut parts = vec![
        Kind::Trimmed,
        Kind::Swapped,
        Kind::Added,
        Kind::Edited,
        Kind::Headline,
    ];
    let mut chosen: Vec<usize> = (0..parts.len()).collect();
    rng.shuffle(&mut chosen);
    chosen.truncate(rng.range(2, 3));
    chosen.sort_unstable();
    parts = chosen.into_iter().map(|i| parts[i]).collect();
    parts
}

/// Number of variants of a story: 1–6, fewer more often.
pub fn variant_count(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..=29 => 1,
        30..=54 => 2,
        55..=72 => 3,
        73..=84 => 4,
        85..=92 => 5,
        _ => 6,
    }
}

/// The text of a variant of `kind` (without footer), and for a combination its parts.
pub fn variant_text(
    article: &Article,
    kind: Kind,
    topic: &Topic,
    lex: &Lexicon,
    rng: &mut Rng,
) -> (Article, Vec<Kind>) {
    let mut writer_rng = rng.fork();
    let mut writer = Writer::continuing(lex, topic, &mut writer_rng);
    match kind {
        Kind::Original | Kind::Exact | Kind::Text => (article.clone(), Vec::new()),
        Kind::Combo => {
            let parts = combo_parts(rng);
            let mut text = article.clone();
            for &part in &parts {
                text = vary(&text, part, &mut writer, lex, rng);
            }
            (text, parts)
        }
        _ => (vary(article, kind, &mut writer, lex, rng), Vec::new()),
    }
}
