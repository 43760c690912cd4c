//! Rebuilding what the panels show from the state, only when something changed: the table's
//! view (filter, sort, search matches), the concordance's order and the timeline's bars.

use std::time::Instant;

use super::corpus_app::{CorpusApp, VIEW_REBUILD_INTERVAL};
use super::timeline::{Recount, TimelineState};
use super::view::View;
use crate::search::concordance_order;

impl CorpusApp {
    /// Rebuild the view, then the concordance and the timeline that follow it.
    pub(super) fn refresh(&mut self) {
        self.refresh_view();
        self.refresh_concordance();
        self.refresh_timeline();
        if self.state.trends.stale && !self.pending.view {
            self.recount_trends();
        }
    }

    /// The view must be rebuilt (the filters, the sort or the corpus changed), at once even
    /// while a scan runs.
    pub(super) fn invalidate_view(&mut self) {
        self.pending.view = true;
        self.view_built = None;
    }

    /// Drop the sort keys (the corpus changes).
    pub(super) fn forget_keys(&mut self) {
        self.derived.keys = None;
        self.derived.sorted_all = None;
        self.pending.timeline_all = true;
    }

    /// Rebuild the view when something changed (throttled while a scan streams rows in).
    pub(super) fn refresh_view(&mut self) {
        if !self.pending.view {
            return;
        }
        if self.state.is_scanning()
            && self
                .view_built
                .is_some_and(|t| t.elapsed() < VIEW_REBUILD_INTERVAL)
        {
            return;
        }
        let keys = self.current_keys().cloned();
        let state = &mut self.state;
        let Some(corpus) = &state.corpus else {
            state.view = View::default();
            self.pending.view = false;
            return;
        };
        let (filter, sort) = (&state.settings.filter, state.settings.sort);
        state.view = match keys {
            Some(keys) => {
                let sorted = match self.derived.sorted_all.take() {
                    Some(sorted) if sorted.order == sort => sorted,
                    _ => keys.sorted(&corpus.articles, sort),
                };
                let view = View::from_sorted(&sorted, &keys, filter);
                self.derived.sorted_all = Some(sorted);
                view
            }
            None => View::build(&corpus.articles, filter, sort),
        };
        let articles = corpus.articles.len();
        self.narrow_by_families();
        let state = &mut self.state;
        // What every filter but the search keeps: the series count in it.
        let mut base = (!state.settings.trends.queries.is_empty()).then(|| state.view.ids.clone());
        if let Some(counts) = state.search.counts()
            && counts.len() == articles
        {
            state.view.keep_matches(counts, state.search.sort_by_hits);
        }
        self.narrow_by_fields();
        self.narrow_by_facets();
        self.sort_view_by_family();
        if let Some(ids) = &mut base {
            self.narrow_ids_by_facets(ids);
        }
        let bound = self.state.corpus.as_ref().map_or(0, |c| c.articles.len());
        self.state.trends.base = base.map(|ids| crate::corpus::IdSet::of(bound, ids));
        self.state.trends.stale = true;
        self.keep_chosen_shown();
        let state = &mut self.state;
        self.pending.view = false;
        self.view_built = Some(Instant::now());
        self.pending.concordance = true;
        self.pending.timeline = true;
        state.words.stale = true;
        state.update_selected_row();
    }

    /// Put the concordance lines of the shown articles in order, when something changed.
    fn refresh_concordance(&mut self) {
        if !self.pending.concordance || self.pending.view {
            return;
        }
        self.pending.concordance = false;
        let search = &mut self.state.search;
        let (Some(results), Some(corpus)) = (&search.results, &self.state.corpus) else {
            search.concordance.clear();
            return;
        };
        search.concordance = concordance_order(
            &results.lines,
            &corpus.articles,
            &self.state.view.ids,
            search.concordance_order,
        );
    }

    /// Count the timeline's bars again when the view (or the period) changed.
    fn refresh_timeline(&mut self) {
        if !self.pending.timeline || self.pending.view {
            return;
        }
        self.pending.timeline = false;
        let keys = self.current_keys().cloned();
        let state = &mut self.state;
        let Some(corpus) = &state.corpus else {
            state.timeline = TimelineState {
                period: state.timeline.period,
                ..TimelineState::default()
            };
            return;
        };
        // While a scan runs the corpus grows: count all of it each time.
        let recount = if self.pending.timeline_all || state.scan.is_some() {
            Recount::AllToo
        } else {
            Recount::ShownOnly
        };
        self.pending.timeline_all = false;
        state.timeline.recount(
            &corpus.articles,
            keys.as_deref(),
            state.view.date_span,
            &state.view.ids,
            recount,
        );
        state.trends.stale = true;
    }
}
