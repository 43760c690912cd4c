//! Story families in the window: found on the families thread once the words thread has the
//! folder's token store (after every finished scan), found again when the threshold changes,
//! "one per family" narrowing everything the window counts, the table sorted by family, and
//! two articles compared side by side.

use std::sync::Arc;

use super::command::Command;
use super::corpus_app::CorpusApp;
use super::families_state::{Comparison, FamiliesSettings, FamiliesState, FamiliesStatus};
use super::families_worker::{FamiliesJob, FamiliesReport};
use super::words_state::StoreState;
use crate::analysis::TermStore;
use crate::corpus::ArticleId;

impl CorpusApp {
    /// A new corpus: its families are to be found again.
    pub(super) fn forget_families(&mut self) {
        let families = &mut self.state.families;
        *families = FamiliesState {
            progress: Arc::clone(&families.progress),
            ..FamiliesState::default()
        };
        if self.state.settings.families.one_per_family {
            self.invalidate_view();
        }
    }

    /// The words thread opened the token store of the current corpus: find its families.
    pub(super) fn start_families(&mut self, store: Arc<TermStore>) {
        let Some(corpus) = &self.state.corpus else {
            return;
        };
        let threshold = self.state.settings.families.threshold;
        let path = self.cache_root.as_ref().map(|cache_root| {
            let root = std::path::absolute(&corpus.root).unwrap_or_else(|_| corpus.root.clone());
            crate::analysis::families::signatures_path_in(cache_root, &root)
        });
        self.families_worker.send(FamiliesJob::Find {
            store,
            path,
            articles: Arc::clone(&corpus.articles),
            threshold,
        });
        let families = &mut self.state.families;
        families.status = FamiliesStatus::Finding;
        families.requested = Some(threshold);
        families.progress.set(0, corpus.articles.len());
    }

    /// Each frame: take in the families thread's reports (and give up waiting when the token
    /// store they are found from cannot be had).
    pub(super) fn families_tick(&mut self) {
        if let (StoreState::Failed(err), FamiliesStatus::Waiting) =
            (&self.state.words.store, &self.state.families.status)
        {
            self.state.families.status = FamiliesStatus::Failed(format!("no word counts: {err}"));
        }
        while let Some(report) = self.families_worker.try_next() {
            match report {
                FamiliesReport::Found {
                    articles,
                    threshold,
                    result,
                } => {
                    let current = self
                        .state
                        .corpus
                        .as_ref()
                        .is_some_and(|c| Arc::ptr_eq(&c.articles, &articles));
                    let families = &mut self.state.families;
                    if !current || families.requested != Some(threshold) {
                        continue;
                    }
                    match result {
                        Some(Ok(found)) => {
                            families.kept = Some(found.one_per_family());
                            families.families = Some(Arc::new(found));
                            families.status = FamiliesStatus::Ready;
                            families.for_articles = Arc::downgrade(&articles);
                            self.invalidate_view();
                        }
                        Some(Err(err)) => families.status = FamiliesStatus::Failed(err),
                        None => {}
                    }
                }
                FamiliesReport::Compared { seq, result } => {
                    if let Some(comparison) = &mut self.state.families.comparison
                        && comparison.seq == seq
                    {
                        comparison.diff = Some(result);
                    }
                }
            }
        }
    }

    /// Apply a command of the families' parts of the window (the others go on to the
    /// timeline's query series).
    pub(super) fn apply_families(&mut self, command: Command) {
        match command {
            Command::SetFamiliesSettings(settings) => self.set_families_settings(settings),
            Command::ShowFamily(family) => {
                let families = &mut self.state.families;
                families.window_open = true;
                if families.shown != family {
                    families.compare_with = None;
                }
                families.shown = family;
            }
            Command::CompareWith(id) => self.state.families.compare_with = Some(id),
            Command::CloseFamilies => {
                let families = &mut self.state.families;
                families.window_open = false;
                families.comparison = None;
            }
            Command::SortByFamily => {
                self.state.search.sort_by_hits = None;
                let families = &mut self.state.families;
                families.sort = Some(families.sort != Some(true));
                self.invalidate_view();
                self.scroll_table_to_selection();
            }
            Command::Compare { left, right } => self.compare(left, right),
            Command::CloseComparison => self.state.families.comparison = None,
            command => self.apply_trends(command),
        }
    }

    fn set_families_settings(&mut self, settings: FamiliesSettings) {
        let old = std::mem::replace(&mut self.state.settings.families, settings);
        if old.one_per_family != settings.one_per_family {
            self.invalidate_view();
        }
        let families = &mut self.state.families;
        if (old.threshold - settings.threshold).abs() > f32::EPSILON
            && families.status != FamiliesStatus::Waiting
            && let Some(corpus) = &self.state.corpus
        {
            families.requested = Some(settings.threshold);
            families.status = FamiliesStatus::Finding;
            self.families_worker.send(FamiliesJob::Refind {
                articles: Arc::clone(&corpus.articles),
                threshold: settings.threshold,
            });
        }
    }

    fn compare(&mut self, left: ArticleId, right: ArticleId) {
        let Some(corpus) = &self.state.corpus else {
            return;
        };
        let (Some(l), Some(r)) = (
            corpus.articles.get(left as usize),
            corpus.articles.get(right as usize),
        ) else {
            return;
        };
        let families = &mut self.state.families;
        families.compare_seq += 1;
        families.comparison = Some(Comparison {
            left,
            right,
            seq: families.compare_seq,
            diff: None,
        });
        self.families_worker.send(FamiliesJob::Compare {
            seq: families.compare_seq,
            root: corpus.root.clone(),
            left: Box::new(l.clone()),
            right: Box::new(r.clone()),
        });
    }

    /// "One per family": keep in the view only the earliest article of each family (before
    /// the search, the facets and the series see it, so that they all count the same
    /// articles).
    pub(super) fn narrow_by_families(&mut self) {
        let state = &mut self.state;
        state.view.hidden_by_families = 0;
        if !state.settings.families.one_per_family {
            return;
        }
        let Some(corpus) = &state.corpus else { return };
        let Some(kept) = state.families.kept_for(&corpus.articles) else {
            return;
        };
        let before = state.view.ids.len();
        state.view.ids.retain(|&id| kept.contains(id));
        state.view.hidden_by_families = before - state.view.ids.len();
    }

    /// Sort the view by family size (members together, in the order they had), when asked.
    pub(super) fn sort_view_by_family(&mut self) {
        let state = &mut self.state;
        let Some(descending) = state.families.sort else {
            return;
        };
        let Some(corpus) = &state.corpus else { return };
        let Some(families) = state.families.ready(&corpus.articles) else {
            return;
        };
        let family = |id: ArticleId| families.family_of(id).unwrap_or(u32::MAX);
        if descending {
            state
                .view
                .ids
                .sort_by_key(|&id| (std::cmp::Reverse(families.size_of(id)), family(id)));
        } else {
            state
                .view
                .ids
                .sort_by_key(|&id| (families.size_of(id), family(id)));
        }
    }
}
