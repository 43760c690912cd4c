//! Scores the families `duplicates` found against the planted ground truth, pairwise: the true
//! pairs are the unordered pairs of files of one story, the predicted pairs those of one
//! family. Precision = |predicted ∩ true| / |predicted| (1 when nothing is predicted), recall =
//! |predicted ∩ true| / |true|. Per variant kind K: recall over the true pairs (original, variant
//! of kind K), precision over the predicted pairs with a variant of kind K in them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use super::{Kind, Planted};

/// One row of `duplicates --format jsonl`.
#[derive(Clone, Debug, PartialEq)]
pub struct FamilyRow {
    /// The family's number.
    pub family: u64,
    /// The path relative to the folder.
    pub path: String,
    /// `YYYY-MM-DD`, or None when undated.
    pub date: Option<String>,
    /// The title.
    pub title: String,
    /// Estimated Jaccard similarity with the family's first member.
    pub similarity: f64,
}

/// The rows of `duplicates --format jsonl` output; an error names the line that is not a row.
pub fn parse_jsonl(stdout: &str) -> Result<Vec<FamilyRow>, String> {
    stdout
        .lines()
        .enumerate()
        .map(|(n, line)| {
            let bad = |what: &str| format!("line {}: {what}: {line}", n + 1);
            let value: serde_json::Value =
                serde_json::from_str(line).map_err(|e| bad(&e.to_string()))?;
            let family = value["family"]
                .as_u64()
                .ok_or_else(|| bad("no integer family"))?;
            let path = value["path"].as_str().ok_or_else(|| bad("no path"))?;
            let date = match &value["date"] {
                serde_json::Value::Null => None,
                serde_json::Value::String(d) => Some(d.clone()),
                _ => return Err(bad("date neither a string nor null")),
            };
            let title = value["title"].as_str().ok_or_else(|| bad("no title"))?;
            let similarity = value["similarity"]
                .as_f64()
                .ok_or_else(|| bad("no numeric similarity"))?;
            Ok(FamilyRow {
                family,
                path: path.to_owned(),
                date,
                title: title.to_owned(),
                similarity,
            })
        })
        .collect()
}

/// The pairs of one kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KindScore {
    /// True pairs (original, variant of this kind).
    pub true_pairs: usize,
    /// Of those, found in one family.
    pub found: usize,
    /// Predicted pairs with a variant of this kind in them.
    pub predicted: usize,
    /// Of those, true.
    pub correct: usize,
}

impl KindScore {
    /// found / true pairs (1 when there are none).
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.true_pairs)
    }

    /// correct / predicted (1 when nothing is predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The scores of one run.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    /// Articles in the ground truth.
    pub articles: usize,
    /// Families in the output.
    pub families: usize,
    /// Rows in the output.
    pub rows: usize,
    /// True pairs (any two files of one story).
    pub true_pairs: usize,
    /// Predicted pairs (any two rows of one family).
    pub predicted: usize,
    /// Predicted pairs that are true.
    pub correct: usize,
    /// Per variant kind.
    pub kinds: BTreeMap<Kind, KindScore>,
    /// Predicted pairs with a singleton in them (all false).
    pub singleton_pairs: usize,
    /// Rows whose path is not a generated file, or that come twice.
    pub unknown: Vec<String>,
    /// Some missed (original, variant) pairs, described.
    pub missed: Vec<String>,
    /// Some false predicted pairs, described.
    pub false_pairs: Vec<String>,
}

impl Scores {
    /// Pairwise precision.
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    /// Pairwise recall.
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.true_pairs)
    }

    /// The score of one variant kind.
    pub fn kind(&self, kind: Kind) -> KindScore {
        self.kinds.get(&kind).cloned().unwrap_or_default()
    }

    /// A Markdown table: per kind, then overall; the counts below it.
    pub fn table(&self) -> String {
        let mut out = String::from(
            "| kind | pairs | found | recall | predicted | precision |\n\
             | --- | ---: | ---: | ---: | ---: | ---: |\n",
        );
        for kind in Kind::VARIANTS {
            let k = self.kind(kind);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.3} | {} | {:.3} |",
                kind.name(),
                k.true_pairs,
                k.found,
                k.recall(),
                k.predicted,
                k.precision()
            );
        }
        let _ = writeln!(
            out,
            "| **all pairs** | {} | {} | **{:.3}** | {} | **{:.3}** |",
            self.true_pairs,
            self.correct,
            self.recall(),
            self.predicted,
            self.precision()
        );
        let _ = writeln!(
            out,
            "\n{} articles; {} rows in {} families; {} predicted pairs with a singleton",
            self.articles, self.rows, self.families, self.singleton_pairs
        );
        if !self.unknown.is_empty() {
            let _ = writeln!(out, "rows not in the ground truth: {:?}", self.unknown);
        }
        out
    }

    /// The table, then some missed and some false pairs.
    pub fn report(&self) -> String {
        let mut out = self.table();
        for (what, list) in [("missed", &self.missed), ("false", &self.false_pairs)] {
            if !list.is_empty() {
                let _ = writeln!(out, "\nsome {what} pairs:");
                for line in list {
                    let _ = writeln!(out, "  {line}");
                }
            }
        }
        out
    }
}

/// Sorted pairs of indices of `groups`' members.
fn pairs_of<'a>(groups: impl Iterator<Item = &'a Vec<usize>>) -> BTreeSet<(usize, usize)> {
    let mut out = BTreeSet::new();
    for group in groups {
        for (n, &a) in group.iter().enumerate() {
            for &b in &group[n + 1..] {
                out.insert((a.min(b), a.max(b)));
            }
        }
    }
    out
}

fn describe(truth: &[Planted], (a, b): (usize, usize)) -> String {
    let one = |p: &Planted| {
        let combo: Vec<&str> = p.combo.iter().map(|k| k.name()).collect();
        let kind = if combo.is_empty() {
            p.kind.name().to_owned()
        } else {
            format!("{} {}", p.kind.name(), combo.join("+"))
        };
        let story = p
            .story
            .map_or_else(|| "singleton".to_owned(), |s| format!("story {s}"));
        format!(
            "{} ({kind}, {story}, topic {}, {})",
            p.path, p.topic, p.date
        )
    };
    format!("{} ~ {}", one(&truth[a]), one(&truth[b]))
}

/// Score `rows` against `truth`.
pub fn evaluate(truth: &[Planted], rows: &[FamilyRow]) -> Scores {
    let index: HashMap<&str, usize> = truth
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.as_str(), i))
        .collect();
    let mut scores = Scores {
        articles: truth.len(),
        rows: rows.len(),
        ..Scores::default()
    };
    let mut families: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for row in rows {
        match index.get(row.path.as_str()) {
            Some(&i) if seen.insert(i) => families.entry(row.family).or_default().push(i),
            _ => scores.unknown.push(row.path.clone()),
        }
    }
    scores.families = families.len();
    let mut stories: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, p) in truth.iter().enumerate() {
        if let Some(s) = p.story {
            stories.entry(s).or_default().push(i);
        }
    }
    let truth_pairs = pairs_of(stories.values());
    let predicted = pairs_of(families.values());
    scores.true_pairs = truth_pairs.len();
    scores.predicted = predicted.len();
    for &(a, b) in &predicted {
        let right = truth_pairs.contains(&(a, b));
        scores.correct += usize::from(right);
        if truth[a].story.is_none() || truth[b].story.is_none() {
            scores.singleton_pairs += 1;
        }
        if !right && scores.false_pairs.len() < 12 {
            scores.false_pairs.push(describe(truth, (a, b)));
        }
        let mut kinds = vec![truth[a].kind, truth[b].kind];
        kinds.dedup();
        for kind in kinds.into_iter().filter(|&k| k != Kind::Original) {
            let k = scores.kinds.entry(kind).or_default();
            k.predicted += 1;
            k.correct += usize::from(right);
        }
    }
    for members in stories.values() {
        let Some(&original) = members.iter().find(|&&i| truth[i].kind == Kind::Original) else {
            continue;
        };
        for &v in members.iter().filter(|&&i| i != original) {
            let pair = (original.min(v), original.max(v));
            let found = predicted.contains(&pair);
            let k = scores.kinds.entry(truth[v].kind).or_default();
            k.true_pairs += 1;
            k.found += usize::from(found);
            if !found && scores.missed.len() < 12 {
                scores.missed.push(describe(truth, pair));
            }
        }
    }
    scores
}
