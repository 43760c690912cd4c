//! The article writer of `variants_gen.rs`: topics (people, places, organisations, figures, an
//! official's quotes and background sentences of their own) and English news articles about them,
//! sentence by sentence from a small phrase-structure grammar over the inventory of
//! `variants_words.rs`. Sentences take many shapes (statements, reported speech, quotes before or
//! after their speaker, figures, background, requests for comment, contrasts, relative clauses,
//! participle openers…), so two articles on one topic share its names and the stock phrases of
//! news writing but few other runs of five words, as independently written coverage does.

use super::Rng;
use super::lexicon::{DomainWords, Lexicon, Verb, article_for, cap, plural};

#[path = "variants_sentences.rs"]
mod sentences;

/// A person in a topic.
#[derive(Clone, Debug)]
pub struct Person {
    /// First and last name.
    pub name: String,
    /// Last name.
    pub last: String,
    role: String,
    org: usize,
}

/// A subject covered by many articles: its people, places, organisations and facts.
pub struct Topic {
    domain: usize,
    /// Towns.
    pub places: Vec<String>,
    orgs: Vec<(String, String)>,
    /// People.
    pub people: Vec<Person>,
    nouns: Vec<String>,
    adjectives: Vec<String>,
    event: String,
    figures: Vec<String>,
    years: Vec<u32>,
    /// Sentences an official said (15–30 words), quoted verbatim by several articles.
    pub quotes: Vec<String>,
    /// Background sentences some articles repeat verbatim.
    pub background: Vec<String>,
    /// First day of its coverage, in days after 2023-01-01.
    pub start_day: u32,
}

impl Topic {
    /// A topic in a random subject area.
    pub fn new(lex: &Lexicon, rng: &mut Rng) -> Self {
        let domain = rng.below(lex.domains.len());
        let d = &lex.domains[domain];
        let places = vec![lex.place(rng), lex.place(rng)];
        let mut templates: Vec<usize> = (0..d.orgs.len()).collect();
        rng.shuffle(&mut templates);
        let orgs: Vec<(String, String)> = templates[..3]
            .iter()
            .map(|&t| {
                let (full, short) = &d.orgs[t];
                let full = full
                    .replace("{P}", rng.pick(&places[..]).as_str())
                    .replace("{S}", rng.pick(&lex.surnames[..]).as_str())
                    .replace("{N}", &rng.range(100, 999).to_string());
                (full, short.clone())
            })
            .collect();
        let people = (0..rng.range(4, 6))
            .map(|i| {
                let last = rng.pick(&lex.surnames).clone();
                Person {
                    name: format!("{} {last}", rng.pick(&lex.first)),
                    last,
                    role: rng.pick(&d.roles).clone(),
                    org: i % orgs.len(),
                }
            })
            .collect();
        let mut nouns = d.nouns.clone();
        rng.shuffle(&mut nouns);
        nouns.truncate(9);
        let mut adjectives = d.adjectives.clone();
        rng.shuffle(&mut adjectives);
        adjectives.truncate(5);
        let event = match rng.below(3) {
            0 => format!("the {} {} in {}", adjectives[0], nouns[0], places[0]),
            1 => format!("the {} at {}", nouns[0], orgs[0].0),
            _ => format!("the {} {} {}", places[0], nouns[0], nouns[1]),
        };
        let figures = vec![
            format!("${} million", rng.range(2, 480)),
            format!("{},{:03}", rng.range(1, 90), rng.below(100) * 10),
            format!("{} percent", rng.range(3, 60)),
        ];
        let years = vec![rng.range(1955, 2015) as u32, rng.range(2016, 2022) as u32];
        let mut topic = Self {
            domain,
            places,
            orgs,
            people,
            nouns,
            adjectives,
            event,
            figures,
            years,
            quotes: Vec::new(),
            background: Vec::new(),
            start_day: rng.range(0, 640) as u32,
        };
        topic.quotes = (0..2).map(|_| topic.make_quote(lex, rng)).collect();
        topic.background = (0..2).map(|_| topic.make_background(lex, rng)).collect();
        topic
    }

    fn make_quote(&self, lex: &Lexicon, rng: &mut Rng) -> String {
        loop {
            let mut w = Writer::new(lex, self, rng);
            let text = format!("{}.", w.quote());
            let n = text.split_whitespace().count();
            if (15..=30).contains(&n) {
                return text;
            }
        }
    }

    fn make_background(&self, lex: &Lexicon, rng: &mut Rng) -> String {
        let mut w = Writer::new(lex, self, rng);
        w.introduced.fill(true);
        w.named.fill(true);
        w.background()
    }
}

/// An article: headline and paragraphs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// The headline.
    pub headline: String,
    /// The paragraphs, each one line of sentences.
    pub paragraphs: Vec<String>,
}

impl Article {
    /// Words of the headline and text (split at whitespace).
    pub fn words(&self) -> usize {
        let body: usize = self
            .paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum();
        body + self.headline.split_whitespace().count()
    }
}

/// Writes sentences about one topic; remembers who has been introduced.
pub struct Writer<'a> {
    lex: &'a Lexicon,
    topic: &'a Topic,
    rng: &'a mut Rng,
    introduced: Vec<bool>,
    named: Vec<bool>,
}

impl<'a> Writer<'a> {
    /// A writer for a new article on `topic`.
    pub fn new(lex: &'a Lexicon, topic: &'a Topic, rng: &'a mut Rng) -> Self {
        Self {
            introduced: vec![false; topic.people.len()],
            named: vec![false; topic.orgs.len()],
            lex,
            topic,
            rng,
        }
    }

    /// A writer that has introduced everyone (for text added to an article).
    pub fn continuing(lex: &'a Lexicon, topic: &'a Topic, rng: &'a mut Rng) -> Self {
        let mut w = Self::new(lex, topic, rng);
        w.introduced.fill(true);
        w.named.fill(true);
        w
    }

    fn domain(&self) -> &'a DomainWords {
        &self.lex.domains[self.topic.domain]
    }

    fn pick(&mut self, items: &'a [String]) -> &'a str {
        self.rng.pick(items).as_str()
    }

    fn person(&mut self, i: usize) -> String {
        let p = &self.topic.people[i];
        if std::mem::replace(&mut self.introduced[i], true) {
            return p.last.clone();
        }
        let (org, _) = &self.topic.orgs[p.org];
        self.named[p.org] = true;
        match self.rng.below(4) {
            0 => format!("{}, the {} of {org},", p.name, p.role),
            1 => format!("{} {}", p.role, p.name),
            2 => format!("{}, {},", p.name, with_role(org, &p.role)),
            _ => format!("{}, a {} at {org},", p.name, p.role),
        }
    }

    fn org(&mut self, i: usize) -> String {
        let (full, short) = &self.topic.orgs[i];
        if std::mem::replace(&mut self.named[i], true) && self.rng.chance(70) {
            short.clone()
        } else {
            full.clone()
        }
    }

    fn noun(&mut self) -> &'a str {
        match self.rng.below(10) {
            0..=3 => self.pick(&self.topic.nouns),
            4..=6 => self.pick(&self.domain().nouns),
            _ => self.pick(&self.lex.nouns),
        }
    }

    fn adjective(&mut self) -> &'a str {
        match self.rng.below(3) {
            0 => self.pick(&self.topic.adjectives),
            1 => self.pick(&self.domain().adjectives),
            _ => self.pick(&self.lex.adjectives),
        }
    }

    /// A noun phrase for a thing: `the revised budget`, `a report on the ferry`, `its plans`.
    fn thing(&mut self) -> String {
        self.thing_n().0
    }

    /// A noun phrase for a thing, and whether it is plural.
    fn thing_n(&mut self) -> (String, bool) {
        let noun = self.noun();
        let adj = if self.rng.chance(40) {
            format!("{} ", self.adjective())
        } else {
            String::new()
        };
        let pick = self.rng.below(20);
        let head = match pick {
            0..=8 => format!("the {adj}{noun}"),
            9..=12 => {
                let phrase = format!("{adj}{noun}");
                format!("{} {phrase}", article_for(&phrase))
            }
            13..=14 => {
                let owner = self.rng.below(self.topic.orgs.len());
                format!("{}'s {adj}{noun}", self.org(owner))
            }
            15 => format!("its {adj}{}", plural(noun)),
            16 => format!(
                "{} {adj}{}",
                self.rng
                    .pick_str(&["two", "three", "several", "some", "new"]),
                plural(noun)
            ),
            17 => return (self.topic.event.clone(), false),
            _ => format!("the {adj}{}", plural(noun)),
        };
        if self.rng.chance(22) {
            let prep = self
                .rng
                .pick_str(&["for", "on", "in", "at", "over", "near", "from"]);
            let place = self.pick(&self.topic.places);
            let tail = match self.rng.below(3) {
                0 => place.to_owned(),
                1 => format!("the {}", self.noun()),
                _ => format!("the {place} {}", self.noun()),
            };
            (format!("{head} {prep} {tail}"), pick >= 15)
        } else {
            (head, pick >= 15)
        }
    }

    /// Who did something, and whether it is plural.
    fn agent(&mut self) -> (String, bool) {
        match self.rng.below(20) {
            0..=7 => {
                let i = self.rng.below(self.topic.people.len());
                (self.person(i), false)
            }
            8..=13 => {
                let i = self.rng.below(self.topic.orgs.len());
                (self.org(i), false)
            }
            14..=17 => {
                let group = self.pick(&self.domain().groups);
                let q = self.rng.pick_str(&[
                    "",
                    "",
                    "some ",
                    "many ",
                    "local ",
                    "dozens of ",
                    "a group of ",
                ]);
                (format!("{q}{group}"), !q.starts_with('a'))
            }
            _ => {
                let who = self.rng.pick_str(&[
                    "city officials",
                    "state officials",
                    "county officials",
                    "federal regulators",
                    "officials",
                ]);
                (who.to_owned(), true)
            }
        }
    }

    fn any_verb(&mut self) -> &'a Verb {
        if self.rng.chance(65) {
            self.rng.pick(&self.domain().verbs)
        } else {
            self.rng.pick(&self.lex.verbs)
        }
    }

    /// One of the `|`-separated options.
    fn one(&mut self, options: &'static str) -> &'static str {
        let options: Vec<&'static str> = options.split('|').collect();
        options[self.rng.below(options.len())]
    }

    /// Why or in what circumstances: a stock phrase, or a preposition and a noun phrase.
    fn circumstance(&mut self) -> String {
        if self.rng.chance(50) {
            return self.pick(&self.lex.circumstances).to_owned();
        }
        let prep = self.one("amid|after|despite|following|ahead of|in response to|because of|over|without|pending|as part of|in light of");
        let concern = self.one("concerns about|questions about|criticism of|a dispute over|delays in|a review of|complaints about|the cost of|uncertainty over|a vote on|");
        let thing = self.thing();
        format!("{prep} {concern} {thing}").replace("  ", " ")
    }

    fn tail(&mut self) -> String {
        let mut out = String::new();
        if self.rng.chance(30) {
            out.push(' ');
            out.push_str(&self.circumstance());
        }
        if self.rng.chance(30) {
            out.push(' ');
            out.push_str(self.pick(&self.lex.times));
        }
        out
    }

    /// A clause in the past: active, perfect or passive.
    fn clause(&mut self) -> String {
        let v = self.any_verb();
        match self.rng.below(10) {
            0..=4 => {
                let (who, _) = self.agent();
                let adv = self.adverb(15);
                format!("{who}{adv} {} {}{}", v.past, self.thing(), self.tail())
            }
            5..=6 => {
                let (who, many) = self.agent();
                let has = if many { "have" } else { "has" };
                let adv = self.adverb(25);
                format!(
                    "{who} {has}{adv} {} {}{}",
                    v.participle,
                    self.thing(),
                    self.tail()
                )
            }
            _ => {
                let (what, many) = self.thing_n();
                let was = if many { "were" } else { "was" };
                let by = if self.rng.chance(50) {
                    format!(" by {}", self.agent().0)
                } else {
                    String::new()
                };
                format!("{what} {was} {}{by}{}", v.participle, self.tail())
            }
        }
    }

    /// A clause about what will happen.
    fn future(&mut self) -> String {
        let v = self.any_verb();
        let (who, many) = self.agent();
        let modal = match self.rng.below(6) {
            0 => "would",
            1 => "will",
            2 => "could",
            3 => "may",
            4 if many => "are expected to",
            4 => "is expected to",
            _ if many => "plan to",
            _ => "plans to",
        };
        let when = if self.rng.chance(40) {
            format!(" {}", self.pick(&self.lex.future_times))
        } else {
            String::new()
        };
        format!("{who} {modal} {} {}{when}", v.base, self.thing())
    }

    fn adverb(&mut self, percent: u32) -> String {
        if self.rng.chance(percent) {
            format!(" {}", self.pick(&self.lex.adverbs))
        } else {
            String::new()
        }
    }

    fn speaker(&mut self) -> String {
        let i = self.rng.below(self.topic.people.len());
        self.person(i)
    }

    /// What a person says (without the final stop).
    pub fn quote(&mut self) -> String {
        let first = self.quote_clause();
        let second = self.quote_clause();
        match self.rng.below(3) {
            0 => first,
            1 if !first.ends_with('?') => format!("{first}, and {}", lower_first(&second)),
            _ if first.ends_with('?') => format!("{first} {}", cap(&second)),
            _ => format!("{first}. {}", cap(&second)),
        }
    }

    fn quote_clause(&mut self) -> String {
        let v = self.any_verb();
        match self.rng.below(9) {
            0..=2 => {
                let opener = self.pick(&self.lex.quote_openers);
                let need = self.one("have to|need to|want to|are going to|cannot|should|will|are trying to|intend to|won't|can't afford to|hope to|are ready to");
                format!("{opener} {need} {} {}{}", v.base, self.thing(), self.tail())
            }
            3 => {
                let this = self.one("This|That|The|Their|Your|Any|Every|Such a");
                let is = self.one("is|was|would be|seems|has been|remains|looks");
                let judged = self.pick(&self.lex.judgements);
                let whom = self.pick(&self.domain().groups);
                format!("{this} {} {is} {judged} for {whom}", self.noun())
            }
            4 => {
                let there = self.one("There is no|There was never a|Nobody has offered a|We have yet to see a|I haven't seen a|There's still no");
                format!("{there} {} for {}", self.noun(), self.thing())
            }
            5 => {
                let have = self.one("We have been|We've been|They have been|I have been|People have been|Everyone has been");
                let since = self.one("for years|for months|since the spring|for a long time|since day one|all summer|for two decades|since 2019|every single week");
                format!("{have} {} {} {since}", v.ing, self.thing())
            }
            6 => {
                let think = self.one("I don't think|I doubt|I'm not sure|I believe|I'm confident|It's clear to me|My sense is|I hope|I worry|Nobody believes|Everyone knows");
                format!("{think} {}", lower_first(&self.clause()))
            }
            7 => {
                let question = self.one("Why would|How can|Who decided|When will|What happens if");
                let (who, _) = self.agent();
                format!("{question} {who} {} {}?", v.base, self.thing())
            }
            _ => {
                let if_ = self.one("If|Unless|Until|Once|As long as");
                let (who, _) = self.agent();
                let first = format!("{if_} {who} {} {}", v.third, self.thing());
                let then = self.pick(&self.lex.quote_openers);
                let will = self.one("will|won't|can|can't|are going to|have to");
                format!(
                    "{first}, {} {will} {} {}",
                    lower_first(then),
                    self.any_verb().base,
                    self.thing()
                )
            }
        }
    }
}

/// A sentence's first letter in upper case, and no comma before a stop or another comma (an
/// appositive that ended the sentence).
fn tidy(text: &str) -> String {
    let text = text
        .replace("  ", " ")
        .replace(",.", ".")
        .replace(",,", ",")
        .replace(",:", ":")
        .replace(", ,", ",")
        .replace("?,", "?")
        .replace("?.", "?");
    cap(&text)
}

fn lower_first(text: &str) -> String {
    // Names and organisations keep their capitals; only a plain first word is lowered.
    const PLAIN: &str = "The A An Its Some Many Several Two Three New Local Dozens Officials This \
        There We Our Nobody What At Frankly, It Honestly, Right If My Sooner Everybody For Last \
        Today As Look, In Whatever Nothing That Without Every Too People Nobody";
    let first = text.split_whitespace().next().unwrap_or_default();
    if PLAIN.split_whitespace().any(|w| w == first) {
        format!("{}{}", first.to_lowercase(), &text[first.len()..])
    } else {
        text.to_owned()
    }
}

fn cap_words(text: &str) -> String {
    text.split_whitespace()
        .map(cap)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `the council's chair` from `the City Council` and `chair`.
fn with_role(org: &str, role: &str) -> String {
    format!("{org}\u{2019}s {role}")
}
