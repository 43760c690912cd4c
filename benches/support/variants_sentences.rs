//! The sentence shapes of the article writer (`variants_text.rs`), its headlines, and whole
//! articles.

use super::super::lexicon::cap;
use super::{Article, Writer, cap_words, lower_first, tidy};

impl Writer<'_> {
    /// ` on Tuesday` (with the given chance), or nothing.
    fn when(&mut self, percent: u32) -> String {
        if self.rng.chance(percent) {
            format!(" {}", self.pick(&self.lex.times))
        } else {
            String::new()
        }
    }

    /// A sentence about the topic's past, used verbatim by several articles.
    pub(super) fn background(&mut self) -> String {
        let year = self.topic.years[0];
        let noun = self.topic.nouns[0].clone();
        let figure = self.topic.figures[self.rng.below(2)].clone();
        let done = self.any_verb().participle.clone();
        let thing = self.thing();
        match self.rng.below(3) {
            0 => format!(
                "The {noun}, which was {done} in {year}, has {} {thing} since {}.",
                self.any_verb().participle,
                self.topic.years[1]
            ),
            1 => format!(
                "{} was first {done} in {year} at a cost of {figure}, according to {}.",
                cap(&self.topic.event),
                self.org(0)
            ),
            _ => format!(
                "Since {year}, {} has {done} {thing} worth {figure}.",
                self.org(1)
            ),
        }
    }

    fn figure_sentence(&mut self) -> String {
        let money = self.topic.figures[0].clone();
        let count = self.topic.figures[1].clone();
        let thing = self.thing();
        let (who, _) = self.agent();
        match self.rng.below(4) {
            0 => {
                let cost = self.one("is expected to cost about|will cost roughly|carries a price tag of about|could cost as much as|is projected to cost nearly|has a budget of|is estimated at");
                let how = self.one("more than first estimated|according to the latest estimate|roughly double the original figure|up from an earlier estimate|officials said|a figure some call optimistic|before any overruns");
                format!("{} {cost} {money}, {how}.", cap(&thing))
            }
            1 => {
                let group = self.pick(&self.domain().groups);
                let did = self.one("signed|attended|opposed|relied on|were affected by");
                format!("About {count} {group} {did} {thing}, according to {who}.")
            }
            2 => {
                let put = self.one("put|estimated|placed");
                let but = self.one("though others say it could rise|a number disputed by critics|not counting interest");
                format!("{} {put} the figure at {money}, {but}.", cap(&who))
            }
            _ => {
                let most = self.one("the highest|the lowest|the largest|the smallest");
                let what = self.one("figure|level|total|number");
                let year = self.topic.years[self.rng.below(2)];
                format!(
                    "That is {most} {what} since {year}, {} said.",
                    self.speaker()
                )
            }
        }
    }

    /// Someone says something: reported speech or a quote.
    fn speech(&mut self, shape: usize) -> String {
        let who = self.speaker();
        match shape {
            0..=2 => {
                let say = self.one("said|said|added|argued|told reporters|warned|noted");
                let when = self.when(40);
                let rest = if self.rng.chance(50) {
                    self.future()
                } else {
                    self.clause()
                };
                format!("{who} {say}{when} that {rest}.")
            }
            3..=4 => {
                let q = self.quote();
                let say = self.pick(&self.lex.say).replace("told reporters", "said");
                if self.rng.chance(50) {
                    format!("\u{201c}{q},\u{201d} {say} {who}.")
                } else {
                    format!("\u{201c}{q},\u{201d} {who} {say}.")
                }
            }
            5 => {
                let how = self
                    .one("said|told reporters|said in an interview|wrote in a letter to members|told the board|said on the radio|posted online|told a crowd of supporters|said after the vote|wrote in an op-ed|told the council|said in a video message|said flatly");
                format!("{who} {how}: \u{201c}{}.\u{201d}", self.quote())
            }
            6 => {
                let opener = self.one("Speaking at the meeting|Asked about the delay|Responding to questions|In a brief interview|Later that day");
                format!("{opener}, {who} said that {}.", self.future())
            }
            7 => {
                let has = self.one("has|had|once");
                let done = format!("{} {}", self.any_verb().participle, self.thing());
                format!("{who}, who {has} {done}, said that {}.", self.clause())
            }
            _ => format!("{who} has said that {}.", self.future()),
        }
    }

    /// A statement of what happened or will happen.
    fn statement(&mut self, shape: usize) -> String {
        match shape {
            0..=3 => {
                let opener = if self.rng.chance(30) {
                    format!("{} ", self.pick(&self.lex.connectors))
                } else {
                    String::new()
                };
                format!("{opener}{}.", self.clause())
            }
            4 => self.figure_sentence(),
            5 => {
                let doc = self.one(
                    "a report|the report|an internal memo|the estimate|a review|a presentation",
                );
                let how = self.one("released|obtained|prepared|published");
                let (who, _) = self.agent();
                format!(
                    "According to {doc} {how} by {who}, {}.",
                    lower_first(&self.clause())
                )
            }
            6 => {
                let who = self.one(
                    "A spokesperson for|A spokesman for|Representatives of|Lawyers for|An aide to",
                );
                let (whom, _) = self.agent();
                format!("{who} {whom} {}.", self.pick(&self.lex.no_comment))
            }
            7 => {
                let who = self.one("But critics|Opponents|Some residents|Supporters|Others");
                let say = self.one("argue|say|warned|have long said|countered");
                format!("{who} {say} that {}.", self.future())
            }
            8 => {
                let what = self.one("final vote|decision|hearing|ruling|public meeting");
                let set = self.one("expected|scheduled|set|likely");
                let thing = self.thing();
                format!(
                    "A {what} on {thing} is {set} {}.",
                    self.pick(&self.lex.future_times)
                )
            }
            _ => {
                let first = lower_first(&self.clause());
                format!("While {first}, {}.", lower_first(&self.clause()))
            }
        }
    }

    /// The other shapes: what is unclear, lists, statements, history, groups.
    fn remark(&mut self, shape: usize) -> String {
        match shape {
            0 => {
                let unclear = self.one("It was not immediately clear whether|It was unclear whether|It remains to be seen whether|Officials would not say whether|It is not known whether|Nobody could say whether|There was no word on whether|It was too early to say whether|Neither side would say whether");
                format!("{unclear} {}.", self.future())
            }
            1 => {
                let unset = self.one("No date has been set for|There is no timetable for|A date has yet to be set for|Nobody has said when to expect|There is still no deadline for|No vote has been scheduled on|Officials have not said when they will decide on");
                format!("{unset} {}.", self.thing())
            }
            2 => {
                let remains = self.one("remains|is still|has been|was always|appears|is now");
                format!("{} {remains} {}.", cap(&self.thing()), self.adjective())
            }
            3 => {
                let what =
                    self.one("plan|package|proposal|agreement|list|bill|budget|settlement|deal");
                let has = self.one("includes|covers|would include|also calls for|sets aside money for|addresses|leaves out");
                let (a, b, c) = (self.thing(), self.thing(), self.thing());
                format!("The {what} {has} {a}, {b} and {c}.")
            }
            4 => {
                let statement = self.one("In a statement|In a written statement|In a news release|In a post on its website|In a letter to residents|In a brief statement|In a filing");
                let when = self.one("on Monday|on Tuesday|on Wednesday|on Thursday|on Friday|late Monday|early Friday|last week|this week|on Sunday evening");
                let (who, _) = self.agent();
                format!("{statement} {when}, {who} said {}.", self.future())
            }
            5 => {
                let year = self.topic.years[self.rng.below(2)];
                format!("In {year}, {}.", self.clause())
            }
            _ => {
                let several =
                    self.one("Several|Some|A few|Many|At least three|Two|Most of the|A handful of");
                let group = self.pick(&self.domain().groups);
                let who = self.one("spoke at the meeting|attended the hearing|were interviewed|signed the letter|wrote to the board|turned out on Tuesday|called in to the hearing|gathered outside|reached by phone|answered a survey");
                format!("{several} {group} who {who} said {}.", self.future())
            }
        }
    }

    /// One sentence, drawn from many shapes.
    pub fn sentence(&mut self) -> String {
        let shape = self.rng.below(27);
        let text = match shape {
            0..=9 => self.speech(shape),
            10..=19 => self.statement(shape - 10),
            _ => self.remark(shape - 20),
        };
        tidy(&text)
    }

    /// The opening sentence.
    fn lede(&mut self) -> String {
        let i = self.rng.below(self.topic.orgs.len());
        let org = self.org(i);
        let v = self.any_verb();
        let adv = self.adverb(20);
        let when = self.pick(&self.lex.times);
        let why = self.pick(&self.lex.circumstances);
        let event = &self.topic.event;
        let text = match self.rng.below(3) {
            0 => format!("{org}{adv} {} {event} {when}, {why}.", v.past),
            1 => {
                let done = if self.rng.chance(50) {
                    "was"
                } else {
                    "could be"
                };
                let event = cap(event);
                format!("{event} {done} {} {when} by {org}, {why}.", v.participle)
            }
            _ => format!("{} said {when} that {}.", self.speaker(), self.future()),
        };
        tidy(&text)
    }

    /// A paragraph of `sentences` sentences.
    pub fn paragraph(&mut self, sentences: usize) -> String {
        let sentences: Vec<String> = (0..sentences).map(|_| self.sentence()).collect();
        sentences.join(" ")
    }

    /// A headline (title case, 5–11 words, no final stop).
    pub fn headline(&mut self) -> String {
        let noun = cap_words(self.noun());
        let place = self.pick(&self.topic.places).to_owned();
        let v = self.any_verb();
        let (third, base, done) = (cap(&v.third), cap(&v.base), cap(&v.participle));
        let org = self.rng.below(self.topic.orgs.len());
        let short = cap_words(self.topic.orgs[org].1.trim_start_matches("the "));
        let person = self.rng.below(self.topic.people.len());
        let person = self.topic.people[person].last.clone();
        let adj = cap_words(self.adjective());
        let group = cap_words(self.pick(&self.domain().groups));
        let other = cap_words(self.noun());
        let text = match self.rng.below(9) {
            0 => format!("{place} {short} {third} {adj} {noun}"),
            1 => format!("{group} {base} {noun} Over {other} Plan"),
            2 => format!("{place} {noun} to Be {done} After {other} Review"),
            3 => format!("{person} Says {short} Will {base} {adj} {noun}"),
            4 => format!("After {other} Delay, {place} {third} {noun}"),
            5 => format!("{adj} {noun} in {place} Draws Fire From {group}"),
            6 => format!("{short} {third} {noun}; {group} Vow to Fight On"),
            7 => format!("What the {adj} {noun} Means for {place}"),
            _ => format!("{short} {third} {noun} as {group} Push Back"),
        };
        let words: Vec<&str> = text.split_whitespace().take(11).collect();
        words.join(" ")
    }

    /// A whole article of about `target` words (6–14 paragraphs of 2–5 sentences); topic quotes
    /// and background sentences go in with the given chances.
    pub fn article(
        &mut self,
        target: usize,
        quote_percent: u32,
        background_percent: u32,
    ) -> Article {
        let headline = self.headline();
        let mut paragraphs = vec![format!("{} {}", self.lede(), self.sentence())];
        let mut words = paragraphs[0].split_whitespace().count();
        while paragraphs.len() < 6 || (words < target && paragraphs.len() < 14) {
            let n = self.rng.range(2, 5);
            let p = self.paragraph(n);
            words += p.split_whitespace().count();
            paragraphs.push(p);
        }
        if self.rng.chance(quote_percent) {
            let q = self.rng.pick(&self.topic.quotes).clone();
            let who = self.person(0);
            let at = self.rng.range(1, paragraphs.len() - 1);
            let q = q.trim_end_matches('.');
            let said = tidy(&format!("\u{201c}{q},\u{201d} {who} said."));
            paragraphs[at] = format!("{said} {}", paragraphs[at]);
        }
        if self.rng.chance(background_percent) {
            let b = self.rng.pick(&self.topic.background).clone();
            let at = self.rng.range(2, paragraphs.len() - 1);
            paragraphs[at] = format!("{} {b}", paragraphs[at]);
        }
        Article {
            headline,
            paragraphs,
        }
    }
}
