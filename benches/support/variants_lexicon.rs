//! The parsed word inventory of `variants_gen.rs` (from `variants_words.rs`): verb forms,
//! plurals, and the lists a writer draws from.

use super::Rng;
use super::words::{self, DOMAINS};

/// A verb's forms.
#[derive(Clone, Debug)]
pub struct Verb {
    /// `approve`.
    pub base: String,
    /// `approved`.
    pub past: String,
    /// `approved` (`begun` for `begin`).
    pub participle: String,
    /// `approving`.
    pub ing: String,
    /// `approves`.
    pub third: String,
}

fn ends_consonant_y(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 2 && b[b.len() - 1] == b'y' && !b"aeiou".contains(&b[b.len() - 2])
}

/// One vowel group ending consonant-vowel-consonant (`cut`, `plan`): the consonant doubles.
fn doubles(word: &str) -> bool {
    let b = word.as_bytes();
    let vowel = |c: u8| b"aeiou".contains(&c);
    let groups = b.windows(2).filter(|w| !vowel(w[0]) && vowel(w[1])).count()
        + usize::from(b.first().is_some_and(|&c| vowel(c)));
    b.len() >= 3
        && groups == 1
        && !vowel(b[b.len() - 1])
        && !b"wxy".contains(&b[b.len() - 1])
        && vowel(b[b.len() - 2])
        && !vowel(b[b.len() - 3])
}

/// The verb of an inventory entry (`begin:began:begun`, `approve`).
pub fn verb(entry: &str) -> Verb {
    let entry = entry.replace('_', " ");
    let mut parts = entry.split(':');
    let base = parts.next().unwrap_or_default().to_owned();
    let last = base.chars().last().unwrap_or('e');
    let past = parts.next().map_or_else(
        || {
            if base.ends_with('e') {
                format!("{base}d")
            } else if ends_consonant_y(&base) {
                format!("{}ied", &base[..base.len() - 1])
            } else if doubles(&base) {
                format!("{base}{last}ed")
            } else {
                format!("{base}ed")
            }
        },
        str::to_owned,
    );
    let participle = parts.next().map_or_else(|| past.clone(), str::to_owned);
    let ing = if doubles(&base) {
        format!("{base}{last}ing")
    } else if base.ends_with("ie") {
        format!("{}ying", &base[..base.len() - 2])
    } else if base.ends_with('e') && !base.ends_with("ee") {
        format!("{}ing", &base[..base.len() - 1])
    } else {
        format!("{base}ing")
    };
    Verb {
        third: plural(&base),
        base,
        past,
        participle,
        ing,
    }
}

/// The plural of a noun (of its last word), or the third person of a verb.
pub fn plural(word: &str) -> String {
    let (head, last) = word.rsplit_once(' ').map_or(("", word), |(h, l)| (h, l));
    let last = match last {
        "person" => "people".to_owned(),
        "headquarters" | "news" | "series" | "species" => last.to_owned(),
        "child" => "children".to_owned(),
        "analysis" => "analyses".to_owned(),
        "staff" | "evidence" | "data" | "software" | "cattle" | "feed" | "fertilizer" => {
            last.to_owned()
        }
        l if ends_consonant_y(l) => format!("{}ies", &l[..l.len() - 1]),
        l if ["s", "sh", "ch", "x", "z"].iter().any(|e| l.ends_with(e)) => format!("{l}es"),
        l => format!("{l}s"),
    };
    if head.is_empty() {
        last
    } else {
        format!("{head} {last}")
    }
}

/// `a` or `an` before `word`.
pub fn article_for(word: &str) -> &'static str {
    let lower = word.to_lowercase();
    let vowel_sound = lower.starts_with(['a', 'e', 'i', 'o'])
        || (lower.starts_with('u') && !lower.starts_with("uni") && !lower.starts_with("us"))
        || lower.starts_with("hour")
        || lower.starts_with("honest");
    if vowel_sound { "an" } else { "a" }
}

/// The first letter in upper case.
pub fn cap(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn list(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.replace('_', " "))
        .collect()
}

fn phrases(text: &str) -> Vec<String> {
    text.split('|')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// One subject area's inventory, parsed.
pub struct DomainWords {
    /// Organisation templates and their short names.
    pub orgs: Vec<(String, String)>,
    /// Job titles.
    pub roles: Vec<String>,
    /// Nouns.
    pub nouns: Vec<String>,
    /// Verbs.
    pub verbs: Vec<Verb>,
    /// Adjectives.
    pub adjectives: Vec<String>,
    /// Groups of people (plural).
    pub groups: Vec<String>,
}

/// The whole inventory, parsed once.
pub struct Lexicon {
    /// First names.
    pub first: Vec<String>,
    /// Surnames.
    pub surnames: Vec<String>,
    pub(crate) heads: Vec<String>,
    pub(crate) tails: Vec<String>,
    pub(crate) place_words: Vec<String>,
    /// Per subject area.
    pub domains: Vec<DomainWords>,
    /// General nouns.
    pub nouns: Vec<String>,
    /// General verbs.
    pub verbs: Vec<Verb>,
    /// General adjectives.
    pub adjectives: Vec<String>,
    /// Adverbs.
    pub adverbs: Vec<String>,
    pub(crate) connectors: Vec<String>,
    /// Past times (`on Tuesday`).
    pub times: Vec<String>,
    pub(crate) future_times: Vec<String>,
    pub(crate) say: Vec<String>,
    pub(crate) circumstances: Vec<String>,
    pub(crate) no_comment: Vec<String>,
    pub(crate) quote_openers: Vec<String>,
    pub(crate) judgements: Vec<String>,
}

impl Lexicon {
    /// The inventory of `variants_words.rs`.
    pub fn new() -> Self {
        let domains = DOMAINS
            .iter()
            .map(|d| DomainWords {
                orgs: list(d.orgs).into_iter().zip(list(d.short)).collect(),
                roles: list(d.roles),
                nouns: list(d.nouns),
                verbs: d.verbs.split_whitespace().map(verb).collect(),
                adjectives: list(d.adjectives),
                groups: list(d.groups),
            })
            .collect();
        Self {
            first: list(words::FIRST_NAMES),
            surnames: list(words::SURNAMES),
            heads: list(words::PLACE_HEADS),
            tails: list(words::PLACE_TAILS),
            place_words: list(words::PLACE_WORDS),
            domains,
            nouns: list(words::GENERAL_NOUNS),
            verbs: words::GENERAL_VERBS.split_whitespace().map(verb).collect(),
            adjectives: list(words::GENERAL_ADJECTIVES),
            adverbs: list(words::ADVERBS),
            connectors: phrases(words::CONNECTORS),
            times: phrases(words::TIMES),
            future_times: phrases(words::FUTURE_TIMES),
            say: list(words::SAY_VERBS),
            circumstances: phrases(words::CIRCUMSTANCES),
            no_comment: phrases(words::NO_COMMENT),
            quote_openers: phrases(words::QUOTE_OPENERS),
            judgements: list(words::JUDGEMENTS),
        }
    }

    /// An invented town (`Ashford`, `Port Kestrel`, `Millbrook Falls`).
    pub fn place(&self, rng: &mut Rng) -> String {
        let town = format!("{}{}", rng.pick(&self.heads), rng.pick(&self.tails));
        match rng.below(6) {
            0 => format!("Port {}", rng.pick(&self.heads)),
            1 => format!("{town} {}", rng.pick(&self.place_words)),
            _ => town,
        }
    }

    /// Every word a one-word edit may put in.
    pub fn any_word(&self, rng: &mut Rng) -> String {
        match rng.below(4) {
            0 => rng.pick(&self.adjectives).clone(),
            1 => rng.pick(&self.nouns).clone(),
            2 => rng.pick(&self.adverbs).clone(),
            _ => rng.pick(&self.domains).nouns[0].clone(),
        }
    }
}
