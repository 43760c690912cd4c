//! The window's state invariants, checked after every step of the monkey test.
//!
//! Each rule is recomputed from the app's own state, independently of the code that maintains
//! it: the table's rows from the records and the filters (not with [`crate::app::View`]'s code), the
//! order from the records' values, the timeline's bars from the dates, the concordance from the
//! search's lines. Only what holds once a frame has finished is checked; the one state left
//! stale on purpose (the view, rebuilt at most every 200 ms while a scan streams rows in) is
//! recognised precisely (a pending view during a scan) and then only what holds for a stale view
//! is checked.
//!
//! The rule for a selection the filters hide: it stays selected (the reader keeps showing it,
//! and a reload keeps it), no row is highlighted (`selected_row()` is `None`), and the arrow
//! keys start again from the first row.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::recompute::{
    Expected, bins_problem, body_name, facet_counts, facet_filter, field_filter, hits_problem,
    some_ids, table_order,
};
use crate::app::{AppState, BodyState, CorpusApp, IndexState, Pending};
use crate::corpus::{Article, ArticleId, SortKeys};
use crate::search::run::UNCOUNTED;
use crate::search::{ConcordanceOrder, SearchResults, SyntaxError};

/// The broken rules found so far, one message each.
#[derive(Default)]
struct Broken(Vec<String>);

impl Broken {
    /// Record `message` unless `holds`.
    fn check(&mut self, holds: bool, message: impl FnOnce() -> String) {
        if !holds {
            self.0.push(message());
        }
    }
}

/// Check the app's state invariants (after a frame has finished): the scan's and the view's
/// life cycle, the selection and `selected_row()`, the table's rows against the corpus and the
/// filters (which rows, each once, their order, what the status bar counts), the search's
/// state, the concordance, the reader, and the timeline's bars.
///
/// # Errors
///
/// Every broken invariant, one a line.
pub fn check_invariants(app: &CorpusApp) -> Result<(), String> {
    Oracle {
        state: app.state(),
        pending: app.pending(),
        keys: app.sort_keys(),
    }
    .check()
}

/// What the rules read: the state, what is waiting to be rebuilt, and the sort keys.
struct Oracle<'a> {
    state: &'a AppState,
    pending: Pending,
    keys: Option<&'a SortKeys>,
}

impl Oracle<'_> {
    fn check(&self) -> Result<(), String> {
        let mut broken = Broken::default();
        self.check_life_cycle(&mut broken);
        self.check_selection(&mut broken);
        self.check_rows(&mut broken);
        self.check_marks(&mut broken);
        self.check_search(&mut broken);
        self.check_concordance(&mut broken);
        self.check_reader(&mut broken);
        self.check_timeline(&mut broken);
        if broken.0.is_empty() {
            Ok(())
        } else {
            Err(broken.0.join("\n"))
        }
    }

    /// The articles of the open corpus (none without one).
    fn articles(&self) -> &[Article] {
        self.state
            .corpus
            .as_ref()
            .map_or(&[], |c| c.articles.as_slice())
    }

    /// The scan, the corpus, the index, the sort keys and the dirty flags agree.
    fn check_life_cycle(&self, broken: &mut Broken) {
        let complete = self
            .state
            .corpus
            .as_ref()
            .map(crate::corpus::Corpus::is_complete);
        broken.check(
            self.state.is_scanning() == (complete == Some(false)),
            || {
                format!(
                    "a scan is running = {} but the corpus is {}",
                    self.state.is_scanning(),
                    match complete {
                        None => "not open",
                        Some(true) => "complete",
                        Some(false) => "still being scanned",
                    }
                )
            },
        );
        if self.state.corpus.is_none() {
            broken.check(
                self.state.view.ids.is_empty()
                    && self.state.selection.is_none()
                    && self.state.search.results.is_none()
                    && self.state.reader.article.is_none(),
                || {
                    format!(
                        "no folder is open, yet the table has {} rows, selection {:?}, search \
                         results {}, reader article {:?}",
                        self.state.view.ids.len(),
                        self.state.selection,
                        self.state.search.results.is_some(),
                        self.state.reader.article
                    )
                },
            );
        }
        broken.check(
            matches!(self.state.search.index, IndexState::NotStarted) || complete == Some(true),
            || "the search index is built, being built or failed before the scan finished".into(),
        );
        if let Some(keys) = self.keys {
            broken.check(
                complete == Some(true) && keys.len() == self.articles().len(),
                || {
                    format!(
                        "sort keys of {} articles are in use for a corpus of {} (complete: {:?})",
                        keys.len(),
                        self.articles().len(),
                        complete
                    )
                },
            );
        }
        // Only a running scan leaves the view stale past a frame (the rebuild is throttled);
        // the concordance and the timeline follow the view in the same frame.
        broken.check(!self.pending.view || self.state.is_scanning(), || {
            "the view is stale after a frame although no scan is running".into()
        });
        broken.check(!self.pending.concordance || self.pending.view, || {
            "the concordance was not brought up to date with the view".into()
        });
        broken.check(!self.pending.timeline || self.pending.view, || {
            "the timeline was not counted again after the view changed".into()
        });
    }

    /// The selection is an article of the corpus; `selected_row()` is its row in the view.
    fn check_selection(&self, broken: &mut Broken) {
        let len = self.articles().len();
        if let Some(id) = self.state.selection {
            broken.check((id as usize) < len, || {
                format!("the selection {id} is not an article (the corpus has {len})")
            });
        }
        let row = self
            .state
            .selection
            .and_then(|id| self.state.view.ids.iter().position(|&shown| shown == id));
        broken.check(self.state.selected_row() == row, || {
            format!(
                "selected_row() is {:?} but the selection {:?} is at row {row:?} of the view \
                 ({} rows)",
                self.state.selected_row(),
                self.state.selection,
                self.state.view.ids.len()
            )
        });
    }

    /// The chosen rows are shown rows, each once; the Tag column holds each article's tags;
    /// each facet value's count is what the articles give.
    fn check_marks(&self, broken: &mut Broken) {
        let state = &self.state;
        broken.check(state.chosen.windows(2).all(|w| w[0] < w[1]), || {
            "the chosen rows are not sorted or repeat one".into()
        });
        if self.pending.view || state.corpus.is_none() {
            return;
        }
        let shown: BTreeSet<ArticleId> = state.view.ids.iter().copied().collect();
        broken.check(state.chosen.iter().all(|id| shown.contains(id)), || {
            format!(
                "chosen rows {:?} are not all shown",
                some_ids(state.chosen.iter())
            )
        });
        self.check_tag_column(broken);
        let articles = self.articles();
        let Some(columns) = &state.facets.columns else {
            return;
        };
        let base = Expected::of(
            articles,
            &state.settings.filter,
            state.search.counts(),
            &field_filter(state),
            &|_| true,
            &later_in_family(state),
        )
        .ids;
        let passes = facet_filter(state);
        let hidden = base.iter().filter(|&&id| !passes(id)).count();
        broken.check(state.facets.hidden == hidden, || {
            format!(
                "the facets say they hide {} articles, the corpus and the choices give {hidden}",
                state.facets.hidden
            )
        });
        let expected = facet_counts(state, &base);
        for (facet, wanted) in expected.iter().enumerate() {
            let column = columns.get(facet).unwrap_or(&state.marks.tags);
            let got: std::collections::BTreeMap<String, u32> = column
                .values
                .iter()
                .zip(
                    state
                        .facets
                        .counts
                        .get(facet)
                        .map(Vec::as_slice)
                        .unwrap_or_default(),
                )
                .filter(|&(_, &n)| n > 0)
                .map(|(v, &n)| (v.key.to_string(), n))
                .collect();
            broken.check(&got == wanted, || {
                format!("facet {facet} counts {got:?}, the articles give {wanted:?}")
            });
        }
    }

    /// The Tag column holds each article's tags (those in the codebook).
    fn check_tag_column(&self, broken: &mut Broken) {
        let state = &self.state;
        let articles = self.articles();
        if state.marks.store.is_some() {
            let tags = &state.marks.tags;
            for id in 0..articles.len() as ArticleId {
                let mut column: Vec<&str> = tags
                    .of(id)
                    .iter()
                    .filter_map(|&v| tags.values.get(v as usize))
                    .map(|v| &*v.key)
                    .collect();
                column.sort_unstable();
                let mut marked: Vec<&str> = state
                    .marks
                    .mark_of(id)
                    .map(|m| {
                        m.tags
                            .iter()
                            .map(String::as_str)
                            .filter(|t| state.marks.marks.tag(t).is_some())
                            .collect()
                    })
                    .unwrap_or_default();
                marked.sort_unstable();
                broken.check(column == marked, || {
                    format!("article {id}: the Tag column has {column:?}, its marks {marked:?}")
                });
            }
        }
    }

    /// The table's rows: existing articles, each once; when the view is up to date, exactly
    /// the articles that pass the date filter and the search, in the sort order, with the
    /// status bar's counts.
    fn check_rows(&self, broken: &mut Broken) {
        let articles = self.articles();
        let ids = &self.state.view.ids;
        check_each_once(broken, ids, articles.len());
        if self.pending.view || self.state.corpus.is_none() {
            return;
        }
        let counts = self.state.search.counts();
        let facets = facet_filter(self.state);
        let fields = field_filter(self.state);
        let later_in_family = later_in_family(self.state);
        let expected = Expected::of(
            articles,
            &self.state.settings.filter,
            counts,
            &fields,
            &facets,
            &later_in_family,
        );
        let mut shown = ids.clone();
        shown.sort_unstable();
        broken.check(shown == expected.ids, || {
            let shown_set: BTreeSet<ArticleId> = shown.iter().copied().collect();
            let wanted: BTreeSet<ArticleId> = expected.ids.iter().copied().collect();
            format!(
                "the table shows {} rows, but {} articles pass the date filter {:?}{}{}; missing: \
                 {}; not wanted: {}",
                shown.len(),
                expected.ids.len(),
                self.state.settings.filter,
                if counts.is_some() {
                    " and have hits"
                } else {
                    ""
                },
                if self.state.facets.is_active() {
                    format!(" and the facets {:?}", self.state.facets.chosen)
                } else {
                    String::new()
                },
                some_ids(wanted.difference(&shown_set)),
                some_ids(shown_set.difference(&wanted)),
            )
        });
        let view = &self.state.view;
        let got = (
            view.hidden_by_range,
            view.hidden_undated,
            view.hidden_by_search,
            view.undated_total,
            view.hits,
            view.hidden_by_families,
        );
        let wanted = (
            expected.hidden_by_range,
            expected.hidden_undated,
            expected.hidden_by_search,
            expected.undated,
            expected.hits,
            expected.hidden_by_families,
        );
        broken.check(got == wanted, || {
            format!(
                "the view counts (outside the range, undated hidden, without a hit, undated, \
                 hits, later in a family) {got:?}, the corpus and the filters give {wanted:?}"
            )
        });
        broken.check(
            view.date_span == expected.span && view.years == expected.years,
            || {
                format!(
                    "the view's date span {:?} and years {:?} are not the corpus's {:?} and {:?}",
                    view.date_span, view.years, expected.span, expected.years
                )
            },
        );
        self.check_order(broken, articles, counts);
    }

    /// The rows are in the order of the sort column (or of the hits, when sorted by hits).
    fn check_order(&self, broken: &mut Broken, articles: &[Article], counts: Option<&[u32]>) {
        let sort = self.state.settings.sort;
        let by_hits = self.state.search.sort_by_hits.filter(|_| counts.is_some());
        if let (Some(descending), Some(corpus)) = (self.state.families.sort, &self.state.corpus)
            && let Some(families) = self.state.families.ready(&corpus.articles)
        {
            // Sorted by family size, members together, each run in the order it had.
            let key = |id: ArticleId| {
                let size = families.size_of(id);
                let family = families.family_of(id).unwrap_or(u32::MAX);
                (if descending { usize::MAX - size } else { size }, family)
            };
            for (row, pair) in self.state.view.ids.windows(2).enumerate() {
                let [x, y] = [pair[0], pair[1]];
                let order = key(x).cmp(&key(y)).then_with(|| match by_hits {
                    Some(_) => Ordering::Less,
                    None => table_order(articles, sort, x, y),
                });
                if order != Ordering::Less {
                    broken.check(false, || {
                        format!("rows {row} and {} are out of the family order", row + 1)
                    });
                    return;
                }
            }
            return;
        }
        let count = |id: ArticleId| counts.and_then(|c| c.get(id as usize)).copied();
        for (row, pair) in self.state.view.ids.windows(2).enumerate() {
            let [x, y] = [pair[0], pair[1]];
            let in_order = match by_hits {
                Some(descending) => {
                    let by_count = if descending {
                        count(y).cmp(&count(x))
                    } else {
                        count(x).cmp(&count(y))
                    };
                    by_count.then_with(|| table_order(articles, sort, x, y)) == Ordering::Less
                }
                None => table_order(articles, sort, x, y) == Ordering::Less,
            };
            if !in_order {
                broken.check(false, || {
                    format!(
                        "rows {row} and {} (articles {x} and {y}) are out of order for {sort:?}{}",
                        row + 1,
                        match by_hits {
                            Some(d) => format!(
                                " by hits (descending: {d}; counts {:?} and {:?})",
                                count(x),
                                count(y)
                            ),
                            None => String::new(),
                        }
                    )
                });
                return;
            }
        }
    }

    /// The search's text, error, query, results and running flag agree.
    fn check_search(&self, broken: &mut Broken) {
        let search = &self.state.search;
        let parsed = query_of(&search.text);
        match &parsed {
            Err(SyntaxError::Empty) | Ok(_) => {
                broken.check(search.error.is_none(), || {
                    format!(
                        "the search box text {:?} is a valid query, yet the error {:?} is shown",
                        search.text, search.error
                    )
                });
                let wanted = parsed.as_ref().ok();
                broken.check(search.query.as_ref() == wanted, || {
                    format!(
                        "the query in effect {:?} is not the search box's {:?} ({:?})",
                        search.query, search.text, wanted
                    )
                });
            }
            Err(err) => broken.check(search.error.as_ref() == Some(err), || {
                format!(
                    "the search box text {:?} is not a valid query ({err}), yet the error shown \
                     is {:?}",
                    search.text, search.error
                )
            }),
        }
        if let Some(query) = &search.query {
            broken.check(query_of(&search.query_text).as_ref() == Ok(query), || {
                format!(
                    "the status bar names the query {:?}, not the one in effect",
                    search.query_text
                )
            });
        } else {
            broken.check(
                search.results.is_none()
                    && !search.running
                    && search.concordance.is_empty()
                    && self.state.reader.hits.is_none(),
                || {
                    format!(
                        "no query is in effect, yet results: {}, running: {}, concordance \
                         lines: {}, reader hits: {:?}",
                        search.results.is_some(),
                        search.running,
                        search.concordance.len(),
                        self.state.reader.hits
                    )
                },
            );
        }
        broken.check(search.results_generation <= search.generation, || {
            "the results come from a search newer than the newest".into()
        });
        if let Some(results) = &search.results {
            self.check_results(broken, results);
        }
        self.check_search_progress(broken);
    }

    /// A query waits for the scan, runs, or has its current and complete results.
    fn check_search_progress(&self, broken: &mut Broken) {
        let search = &self.state.search;
        let scanning = self.state.is_scanning();
        let complete = self.state.corpus.as_ref().is_some_and(|c| c.is_complete());
        if search.query.is_some() && (scanning || self.state.corpus.is_none()) {
            broken.check(search.running, || {
                "a query waits for the scan to finish but is not marked as running".into()
            });
        }
        if search.query.is_some() && complete && !search.running && search.failure.is_none() {
            let current = search.results.as_deref().is_some_and(|r| r.complete)
                && search.results_generation == search.generation;
            broken.check(current, || {
                format!(
                    "the search is over, yet the results are {} (from search {} of {})",
                    match &search.results {
                        None => "missing",
                        Some(r) if !r.complete => "the uncounted first answer",
                        Some(_) => "complete",
                    },
                    search.results_generation,
                    search.generation
                )
            });
        }
    }

    /// The results agree with themselves: counts, lines, matches, hits.
    fn check_results(&self, broken: &mut Broken, results: &SearchResults) {
        let search = &self.state.search;
        let len = self.articles().len();
        broken.check(results.counts.len() == len, || {
            format!(
                "the search results count hits for {} articles, the corpus has {len}",
                results.counts.len()
            )
        });
        broken.check(
            results.complete || search.running || search.failure.is_some(),
            || "the index's first answer is shown but no search is counting the hits".into(),
        );
        let matched = results.counts.iter().filter(|&&c| c > 0).count();
        broken.check(results.matched == matched, || {
            format!(
                "the results say {} articles match, {matched} have hits",
                results.matched
            )
        });
        if results.complete {
            let total: u64 = results.counts.iter().map(|&c| u64::from(c)).sum();
            let listed = results.lines.len() as u64 + results.lines_dropped;
            broken.check(total == results.total_hits && listed == total, || {
                format!(
                    "the results count {total} hits, say {} and list {listed}",
                    results.total_hits
                )
            });
        }
        let in_order = results
            .lines
            .windows(2)
            .all(|w| (w[0].article, w[0].hit) < (w[1].article, w[1].hit));
        broken.check(in_order, || {
            "the concordance lines are not in corpus order (article, hit)".into()
        });
        let bad_line = results.lines.iter().position(|line| {
            results
                .counts
                .get(line.article as usize)
                .is_none_or(|&c| c == 0 || (c != UNCOUNTED && line.hit >= c))
        });
        broken.check(bad_line.is_none(), || {
            format!("concordance line {bad_line:?} is not a hit its article counts")
        });
    }

    /// The concordance lists the lines of the shown articles, each once, in the table's order
    /// by default.
    fn check_concordance(&self, broken: &mut Broken) {
        let search = &self.state.search;
        if self.pending.concordance {
            return;
        }
        let Some(results) = &search.results else {
            broken.check(search.concordance.is_empty(), || {
                format!(
                    "the concordance has {} lines without search results",
                    search.concordance.len()
                )
            });
            return;
        };
        let row_of: std::collections::HashMap<ArticleId, usize> = self
            .state
            .view
            .ids
            .iter()
            .enumerate()
            .map(|(row, &id)| (id, row))
            .collect();
        let wanted: Vec<u32> = (0..results.lines.len())
            .filter(|&i| row_of.contains_key(&results.lines[i].article))
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        let mut listed = search.concordance.clone();
        listed.sort_unstable();
        broken.check(listed == wanted, || {
            format!(
                "the concordance lists {} lines, the shown articles have {}",
                listed.len(),
                wanted.len()
            )
        });
        if search.concordance_order == ConcordanceOrder::default() {
            let key = |i: u32| {
                results
                    .lines
                    .get(i as usize)
                    .map(|l| (row_of.get(&l.article).copied(), l.hit))
            };
            let in_order = search.concordance.windows(2).all(|w| key(w[0]) < key(w[1]));
            broken.check(in_order, || {
                "the concordance is not in the table's order".into()
            });
        }
    }

    /// The reader shows the selected article (or nothing), its hits are in its text.
    fn check_reader(&self, broken: &mut Broken) {
        let reader = &self.state.reader;
        let valid = self
            .state
            .selection
            .filter(|&id| (id as usize) < self.articles().len());
        broken.check(reader.article == valid, || {
            format!(
                "the reader shows article {:?}, the selection is {:?}",
                reader.article, self.state.selection
            )
        });
        let empty = matches!(reader.body, BodyState::Empty);
        broken.check(empty == reader.article.is_none(), || {
            format!(
                "the reader's article is {:?} and its body is {}",
                reader.article,
                body_name(&reader.body)
            )
        });
        broken.check(!reader.focused || self.state.selection.is_some(), || {
            "the reader has the keyboard with nothing selected".into()
        });
        let count = reader.hit_count();
        broken.check(count == 0 || reader.current_hit < count, || {
            format!(
                "the current hit {} of {count} does not exist",
                reader.current_hit
            )
        });
        if let (Some(hits), Some(article), BodyState::Loaded(body)) =
            (&reader.hits, self.state.selected_article(), &reader.body)
            && let Some(problem) = hits_problem(hits, &article.title, &body.text)
        {
            broken.check(false, || format!("the reader's hits {problem}"));
        }
    }

    /// The timeline counts the corpus and the shown articles per period of the corpus's span.
    fn check_timeline(&self, broken: &mut Broken) {
        // A stale view (a scan streaming rows in) was counted with the corpus as it was then.
        if self.pending.view || self.pending.timeline || self.state.corpus.is_none() {
            return;
        }
        let timeline = &self.state.timeline;
        let span = self.state.view.date_span;
        let articles = self.articles();
        for (name, bins, ids) in [
            ("the whole corpus", &timeline.all, None),
            (
                "the shown articles",
                &timeline.shown,
                Some(&self.state.view.ids),
            ),
        ] {
            broken.check(bins.period == timeline.period, || {
                format!(
                    "the bars of {name} are per {:?}, the timeline's period is {:?}",
                    bins.period, timeline.period
                )
            });
            let dates: Vec<Option<NaiveDate>> = match ids {
                None => articles.iter().map(|a| a.date).collect(),
                Some(ids) => ids
                    .iter()
                    .map(|&id| articles.get(id as usize).and_then(|a| a.date))
                    .collect(),
            };
            if let Some(problem) = bins_problem(bins, span, &dates) {
                broken.check(false, || format!("the timeline's bars of {name} {problem}"));
            }
        }
    }
}

/// Every row is an article of the corpus, shown once.
/// True for the later members of each story family while "one per family" is on and the
/// families are known: the view leaves them out first.
fn later_in_family(state: &crate::app::AppState) -> impl Fn(ArticleId) -> bool + '_ {
    let families = state
        .families
        .families
        .as_deref()
        .filter(|_| state.settings.families.one_per_family)
        .filter(|_| {
            state
                .corpus
                .as_ref()
                .is_some_and(|c| state.families.kept_for(&c.articles).is_some())
        });
    move |id| {
        families.is_some_and(|f| {
            f.family_of(id)
                .is_some_and(|family| f.members(family).first() != Some(&id))
        })
    }
}

fn check_each_once(broken: &mut Broken, ids: &[ArticleId], articles: usize) {
    let mut seen = vec![false; articles];
    for (row, &id) in ids.iter().enumerate() {
        match seen.get_mut(id as usize) {
            None => broken.check(false, || {
                format!("row {row} shows article {id}, which does not exist ({articles} articles)")
            }),
            Some(true) => broken.check(false, || {
                format!("article {id} is shown twice (again at row {row})")
            }),
            Some(seen) => *seen = true,
        }
    }
}

/// The words part of a search box's text as the window parses it: `source:`, `author:` and
/// `tag:` terms set apart first (a text of field terms only has no words: `Empty`).
fn query_of(text: &str) -> Result<crate::search::Query, SyntaxError> {
    match crate::search::parse_with_fields(text)? {
        (Some(query), _) => Ok(query),
        (None, _) => Err(SyntaxError::Empty),
    }
}
