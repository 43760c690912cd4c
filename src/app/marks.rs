//! Tags, stars, notes and facets in the window: the marks as the panels read them, the rows
//! chosen for tagging, the facet choices, and what the commands about them do. Changes show at
//! once; the marks thread (`marking.rs`) writes them to the store within a fraction of a second
//! and merges what other processes wrote.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::corpus_app::CorpusApp;
use super::marking::{MarkJob, MarkReport};
use super::marks_state::MarksState;
use super::notice::Notice;
use crate::corpus::facets::{FacetColumn, Narrowed, narrow};
use crate::corpus::marks::{Change, Marks, Store};
use crate::corpus::{Article, ArticleId};

/// Changes wait at most this long before they are sent to the store (a kill loses at most
/// this and the write).
const COMMIT_EVERY: Duration = Duration::from_millis(300);
/// How often the store is looked at for another process's changes (while the window draws).
const POLL_EVERY: Duration = Duration::from_secs(2);

impl CorpusApp {
    /// A corpus is complete: open its marks and build its facet columns.
    pub(super) fn corpus_complete(&mut self) {
        self.forget_words();
        self.forget_families();
        let Some(corpus) = &self.state.corpus else {
            return;
        };
        let articles = Arc::clone(&corpus.articles);
        self.state.facets.columns = None;
        self.marking.send(MarkJob::Facets {
            articles: Arc::clone(&articles),
        });
        if let Some(data_root) = &self.data_root {
            let folder = std::path::absolute(&corpus.root).unwrap_or_else(|_| corpus.root.clone());
            self.marking.send(MarkJob::Open {
                data_root: data_root.clone(),
                folder,
                articles,
            });
        }
    }

    /// Send what waits to the store now (a new folder opens, or the window closes).
    pub(super) fn flush_marks_now(&mut self) {
        let marks = &mut self.state.marks;
        if let Some(store) = &marks.store
            && !marks.unsent.is_empty()
        {
            marks.seq += 1;
            let changes = std::mem::take(&mut marks.unsent);
            self.marking.send(MarkJob::Commit {
                store: store.clone(),
                changes: changes.clone(),
                seq: marks.seq,
            });
            marks.in_flight = Some((marks.seq, changes));
        }
    }

    /// The window closes: write what waits and wait for it (a few seconds at most).
    pub fn save_marks_before_exit(&mut self) {
        self.flush_marks_now();
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.state.marks.in_flight.is_some() {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.marking.wait(left) {
                Some(report) => self.on_mark_report(report),
                None => break,
            }
        }
    }

    /// Each frame: take in the marks thread's reports, send what waits, look for other
    /// processes' changes.
    pub(super) fn marks_tick(&mut self, ctx: &egui::Context) {
        while let Some(report) = self.marking.try_next() {
            self.on_mark_report(report);
        }
        let now = Instant::now();
        let marks = &mut self.state.marks;
        let Some(store) = marks.store.clone() else {
            return;
        };
        if marks.in_flight.is_some() {
            return;
        }
        if !marks.unsent.is_empty() {
            if marks.last_sent.is_none_or(|t| now - t >= COMMIT_EVERY) {
                marks.last_sent = Some(now);
                self.flush_marks_now();
            } else {
                ctx.request_repaint_after(COMMIT_EVERY);
            }
        } else if marks.last_poll.is_none_or(|t| now - t >= POLL_EVERY) {
            marks.last_poll = Some(now);
            if store.stamp() != marks.stamp {
                marks.seq += 1;
                self.marking.send(MarkJob::Commit {
                    store,
                    changes: Vec::new(),
                    seq: marks.seq,
                });
                marks.in_flight = Some((marks.seq, Vec::new()));
            }
        }
    }

    fn on_mark_report(&mut self, report: MarkReport) {
        match report {
            MarkReport::Opened { articles, result } => {
                if !self.state.is_current(&articles) {
                    return;
                }
                match result {
                    Ok(opened) => self.marks_opened(articles, *opened),
                    Err(err) => {
                        self.state.notice = Some(Notice::Marks(format!(
                            "Tags and notes cannot be read: {err}"
                        )));
                        self.state.marks.error = Some(err);
                    }
                }
            }
            MarkReport::Committed { seq, result } => self.marks_committed(seq, result),
            MarkReport::Facets { articles, columns } => {
                if self.state.is_current(&articles) {
                    self.state.facets.columns = Some(columns);
                    self.invalidate_view();
                }
            }
        }
    }

    fn marks_opened(
        &mut self,
        articles: Arc<Vec<Article>>,
        opened: crate::corpus::marks::OpenedMarks,
    ) {
        let marks = &mut self.state.marks;
        // Changes made to the marks of the corpus shown before stay waiting for its store.
        let unsent = std::mem::take(&mut marks.unsent);
        let mut messages = opened.notices;
        if !opened.attached.missing.is_empty() {
            let some: Vec<String> = opened
                .attached
                .missing
                .iter()
                .take(3)
                .map(ToString::to_string)
                .collect();
            messages.push(format!(
                "{} tagged or annotated articles are missing from the folder (their marks are kept): {}{}",
                opened.attached.missing.len(),
                some.join(", "),
                if opened.attached.missing.len() > 3 { ", …" } else { "" }
            ));
        }
        *marks = MarksState {
            stamp: opened.store.stamp(),
            store: Some(opened.store),
            marks: opened.marks,
            attached: opened.attached,
            articles: Some(articles),
            seq: marks.seq,
            foreign_until: marks.foreign_until,
            in_flight: marks.in_flight.take(),
            ..MarksState::default()
        };
        marks.unsent = unsent;
        marks.rebuild_tags();
        if !messages.is_empty() {
            self.state.notice = Some(Notice::Marks(messages.join(". ")));
        }
        self.invalidate_view();
    }

    fn marks_committed(&mut self, seq: u64, result: Result<Marks, String>) {
        let marks = &mut self.state.marks;
        let Some((sent, changes)) = marks.in_flight.take() else {
            return;
        };
        if sent != seq {
            marks.in_flight = Some((sent, changes));
            return;
        }
        if seq <= marks.foreign_until {
            // The folder shown before: its changes are written, nothing to merge here.
            if let Err(err) = result {
                self.state.notice = Some(Notice::Marks(format!(
                    "The tags and notes of the folder shown before could not be saved: {err}"
                )));
            }
            return;
        }
        match result {
            Ok(on_disk) => {
                marks.error = None;
                marks.stamp = marks.store.as_ref().and_then(Store::stamp);
                let mut merged = on_disk;
                for change in &marks.unsent {
                    merged.apply(change);
                }
                if merged != marks.marks {
                    marks.marks = merged;
                    marks.reattach();
                    self.invalidate_view();
                }
            }
            Err(err) => {
                // Keep the changes to try again.
                let mut again = changes;
                again.append(&mut marks.unsent);
                marks.unsent = again;
                marks.last_sent = Some(Instant::now() + Duration::from_secs(5));
                self.state.notice = Some(Notice::Marks(format!(
                    "Tags and notes are not saved yet (trying again): {err}"
                )));
                marks.error = Some(err);
            }
        }
    }

    /// The articles a tag key or the context menu acts on: the chosen rows, else the selected
    /// article.
    fn targets(&self) -> Vec<ArticleId> {
        if self.state.chosen.is_empty() {
            self.state.selection.into_iter().collect()
        } else {
            self.state.chosen.clone()
        }
    }

    /// Put `tag` on `ids` (`on`) or take it off.
    pub(super) fn set_tag(&mut self, ids: &[ArticleId], tag: &str, on: bool) {
        let marks = &self.state.marks;
        let changes: Vec<Change> = ids
            .iter()
            .filter(|&&id| marks.mark_of(id).is_some_and(|m| m.tags.contains(tag)) != on)
            .filter_map(|&id| {
                let (key, fingerprint) = marks.key(id)?;
                Some(Change::Tag {
                    key,
                    fingerprint,
                    tag: tag.to_owned(),
                    on,
                })
            })
            .collect();
        // A new tag joins the codebook with the next colour as the changes apply.
        self.change_marks(changes);
    }

    /// The tag's key (or the menu): on every target unless all have it, then off all.
    pub(super) fn toggle_tag(&mut self, tag: &str) {
        let ids = self.targets();
        let all = !ids.is_empty()
            && ids.iter().all(|&id| {
                self.state
                    .marks
                    .mark_of(id)
                    .is_some_and(|m| m.tags.contains(tag))
            });
        self.set_tag(&ids, tag, !all);
    }

    /// The tag whose key is `key`.
    pub(super) fn toggle_tag_key(&mut self, key: u8) {
        let name = self
            .state
            .marks
            .marks
            .codebook
            .iter()
            .find(|t| t.key == Some(key))
            .map(|t| t.name.clone());
        if let Some(name) = name {
            self.toggle_tag(&name);
        }
    }

    /// Star the targets unless all are starred, then unstar them.
    pub(super) fn toggle_star(&mut self) {
        let ids = self.targets();
        let marks = &self.state.marks;
        let all = !ids.is_empty()
            && ids
                .iter()
                .all(|&id| marks.mark_of(id).is_some_and(|m| m.star));
        let changes = ids
            .iter()
            .filter_map(|&id| {
                let (key, fingerprint) = marks.key(id)?;
                Some(Change::Star {
                    key,
                    fingerprint,
                    on: !all,
                })
            })
            .collect();
        self.change_marks(changes);
    }

    /// Replace article `id`'s note.
    pub(super) fn set_note(&mut self, id: ArticleId, note: String) {
        if let Some((key, fingerprint)) = self.state.marks.key(id) {
            self.change_marks(vec![Change::Note {
                key,
                fingerprint,
                note,
            }]);
        }
    }

    /// Apply `changes`; the view follows when a tag facet narrows it.
    pub(super) fn change_marks(&mut self, changes: Vec<Change>) {
        if changes.is_empty() {
            return;
        }
        if self.state.marks.store.is_none() {
            self.state.notice = Some(Notice::Marks(
                "Tags and notes can be made once the folder is read (and with a data folder to keep them in)."
                    .to_owned(),
            ));
            return;
        }
        if self.state.marks.apply_local(changes) {
            self.invalidate_view();
        }
    }

    /// Keep the rows that satisfy the query's `source:`, `author:` and `tag:` terms (they count
    /// as hidden by the search).
    pub(super) fn narrow_by_fields(&mut self) {
        let state = &mut self.state;
        let fields = &state.search.fields;
        let Some(corpus) = &state.corpus else {
            return;
        };
        if fields.is_empty() {
            return;
        }
        let marks = &state.marks;
        let before = state.view.ids.len();
        state.view.ids.retain(|&id| {
            corpus
                .articles
                .get(id as usize)
                .is_some_and(|article| fields.accepts(article, marks.mark_of(id).map(|m| &m.tags)))
        });
        state.view.hidden_by_search += before - state.view.ids.len();
        recount_hits(state);
    }

    /// Narrow the view by the facet choices, counting each facet's values (see
    /// [`crate::corpus::facets::narrow`]).
    pub(super) fn narrow_by_facets(&mut self) {
        let Some(chosen) = self.chosen_facet_values() else {
            let facets = &mut self.state.facets;
            facets.counts.clear();
            facets.hidden = 0;
            return;
        };
        let state = &mut self.state;
        let facets = &mut state.facets;
        let Some(columns) = facets.columns.clone() else {
            return;
        };
        let mut refs: Vec<&FacetColumn> = columns.iter().collect();
        refs.push(&state.marks.tags);
        let Narrowed { counts, hidden } = narrow(&refs, &chosen, &mut state.view.ids);
        facets.counts = counts;
        facets.hidden = hidden;
        if hidden > 0 {
            recount_hits(state);
        }
    }

    /// Narrow `ids` by the facet choices as the view is narrowed.
    pub(super) fn narrow_ids_by_facets(&self, ids: &mut Vec<ArticleId>) {
        let (Some(chosen), Some(columns)) =
            (self.chosen_facet_values(), &self.state.facets.columns)
        else {
            return;
        };
        if chosen.iter().all(Vec::is_empty) {
            return;
        }
        let mut refs: Vec<&FacetColumn> = columns.iter().collect();
        refs.push(&self.state.marks.tags);
        narrow(&refs, &chosen, ids);
    }

    /// The values chosen in each facet (and the tags), as the columns number them.
    fn chosen_facet_values(&self) -> Option<Vec<Vec<u32>>> {
        let facets = &self.state.facets;
        let columns = facets.columns.as_ref()?;
        let refs = columns
            .iter()
            .chain(std::iter::once(&self.state.marks.tags));
        Some(
            refs.zip(&facets.chosen)
                .map(|(column, keys)| {
                    let mut values: Vec<u32> = keys.iter().filter_map(|k| column.find(k)).collect();
                    values.sort_unstable();
                    // A chosen value no longer present still narrows (to nothing).
                    if values.is_empty() && !keys.is_empty() {
                        values.push(u32::MAX);
                    }
                    values
                })
                .collect(),
        )
    }

    /// Click on a row: only it (`Only`), add or remove it (`Toggle`, Ctrl), or the rows from
    /// the last clicked one to it (`Range`, Shift).
    pub(super) fn choose(&mut self, id: ArticleId, how: super::command::Choose) {
        use super::command::Choose;
        let state = &mut self.state;
        match how {
            Choose::Only => {
                state.chosen = vec![id];
                state.anchor = Some(id);
            }
            Choose::Toggle => {
                if state.chosen.is_empty() {
                    // The selected row joins, when it is shown.
                    let shown = state.selection.filter(|&s| state.view.row_of(s).is_some());
                    state.chosen.extend(shown);
                }
                match state.chosen.binary_search(&id) {
                    Ok(at) => {
                        state.chosen.remove(at);
                    }
                    Err(at) => state.chosen.insert(at, id),
                }
                state.anchor = Some(id);
            }
            Choose::Range => {
                let anchor = state.anchor.or(state.selection).unwrap_or(id);
                let (a, b) = (state.view.row_of(anchor), state.view.row_of(id));
                if let (Some(a), Some(b)) = (a, b) {
                    let (from, to) = (a.min(b), a.max(b));
                    let mut rows: Vec<ArticleId> =
                        state.view.ids.get(from..=to).unwrap_or_default().to_vec();
                    rows.sort_unstable();
                    state.chosen = rows;
                }
            }
        }
        self.select(Some(id));
    }

    /// Ctrl+A: every row shown.
    pub(super) fn choose_all_shown(&mut self) {
        let mut all = self.state.view.ids.clone();
        all.sort_unstable();
        self.state.chosen = all;
    }

    /// Keep the chosen rows that are still shown.
    pub(super) fn keep_chosen_shown(&mut self) {
        let state = &mut self.state;
        if state.chosen.len() <= 1 {
            let view = &state.view;
            state.chosen.retain(|id| view.ids.contains(id));
            return;
        }
        let n = state.corpus.as_ref().map_or(0, |c| c.articles.len());
        let mut shown = vec![false; n];
        for &id in &state.view.ids {
            if let Some(slot) = shown.get_mut(id as usize) {
                *slot = true;
            }
        }
        state
            .chosen
            .retain(|&id| shown.get(id as usize).copied().unwrap_or(false));
    }

    /// The corpus shown changes: what waits is written to its store, and the marks wait to
    /// be opened for the new corpus.
    pub(super) fn forget_marks_of_corpus(&mut self) {
        self.flush_marks_now();
        let marks = &mut self.state.marks;
        *marks = MarksState {
            seq: marks.seq,
            foreign_until: marks.seq,
            in_flight: marks.in_flight.take(),
            ..MarksState::default()
        };
        self.state.facets.columns = None;
        self.state.facets.counts.clear();
        self.state.chosen.clear();
        self.state.anchor = None;
    }

    /// True while the open folder's marks are being opened or written (tests wait for it).
    pub fn marks_busy(&self) -> bool {
        let marks = &self.state.marks;
        let complete = self.state.corpus.as_ref().is_some_and(|c| c.is_complete());
        marks.is_saving()
            || (complete
                && self.data_root.is_some()
                && marks.store.is_none()
                && marks.error.is_none())
            || (complete && self.state.facets.columns.is_none())
    }

    /// Keep tags and notes under `root` instead of the user's data folder (`None`: nowhere).
    pub fn set_data_root(&mut self, root: Option<std::path::PathBuf>) {
        self.data_root = root;
    }

    /// Tag ids for Tag all shown: every row shown.
    pub(super) fn tag_all_shown(&mut self, tag: &str, on: bool) {
        let ids = self.state.view.ids.clone();
        self.set_tag(&ids, tag, on);
    }

    /// Choose a facet value, or un-choose it.
    pub(super) fn toggle_facet_value(&mut self, facet: usize, key: Box<str>) {
        if let Some(chosen) = self.state.facets.chosen.get_mut(facet) {
            match chosen.iter().position(|k| *k == key) {
                Some(at) => {
                    chosen.remove(at);
                }
                None => chosen.push(key),
            }
            self.invalidate_view();
        }
    }

    /// Clear one facet's choices, or all.
    pub(super) fn clear_facets(&mut self, facet: Option<usize>) {
        for (i, chosen) in self.state.facets.chosen.iter_mut().enumerate() {
            if facet.is_none_or(|f| f == i) {
                chosen.clear();
            }
        }
        self.invalidate_view();
    }
}

/// The status bar's hits are those of the rows still shown.
fn recount_hits(state: &mut super::state::AppState) {
    if let Some(hits) = state.search.counts() {
        state.view.hits = state
            .view
            .ids
            .iter()
            .filter_map(|&id| hits.get(id as usize).copied())
            .filter(|&c| c != crate::search::run::UNCOUNTED)
            .map(u64::from)
            .sum();
    }
}
