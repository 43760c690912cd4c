//! The one place a [`Command`] changes the state: what each thing a panel (or a shortcut) asks
//! for does, grouped as the window is: the folder, the table, the reader, the search, the rest
//! of the window.

use std::path::{Path, PathBuf};

use super::command::Command;
use super::corpus_app::CorpusApp;
use super::state::{BodyState, ReaderState};
use super::workers::{ExportKind, OpenPurpose, SearchRequest, TableRows};
use crate::corpus::export::KwicRow;
use crate::corpus::marks::Change;
use crate::corpus::timeline::Period;
use crate::corpus::{ArticleId, SortColumn, SortOrder};
use crate::search::Hits;

/// The reader reads at most this much of an article; longer ones show their first part.
pub const READER_MAX_BYTES: usize = 2 * 1024 * 1024;

/// Which way to move through the reader's hits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HitStep {
    Next,
    Previous,
}

impl CorpusApp {
    /// Apply one command: the only place state changes in answer to the user.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        let settings = &mut self.state.settings;
        match command {
            // The folder.
            Command::Open(path) => self.open(path, OpenPurpose::Open),
            Command::PickFolder => self
                .workers
                .pick_folder(self.state.folder().map(Path::to_path_buf)),
            Command::Reload => self.reload(),
            Command::CancelScan => self.cancel_scan(),
            // The table.
            Command::SortBy(column) => self.sort_by(column),
            Command::SortByHits => self.sort_by_hits(),
            Command::SetFilter(filter) => {
                settings.filter = filter;
                self.invalidate_view();
            }
            Command::Select(id) => {
                self.state.chosen.clear();
                self.select(id);
            }
            Command::SelectRow(row) => {
                self.state.chosen.clear();
                self.select_row(row);
            }
            Command::SetColumns(columns) => settings.columns = columns,
            // The reader.
            Command::FocusReader(focused) => {
                self.state.reader.focused = focused && self.state.selection.is_some();
            }
            Command::CopyArticle => self.copy_article(ctx),
            Command::OpenArticleFile => self.open_selected_file(),
            Command::ShowInFileManager => self.show_selected_folder(),
            Command::NextHit => self.step_hit(HitStep::Next),
            Command::PreviousHit => self.step_hit(HitStep::Previous),
            Command::OpenHit { article, hit } => self.open_hit(article, hit),
            // The search and the concordance.
            Command::SetQuery(text) => self.set_query(text),
            Command::ShowTab(tab) => self.state.tab = tab,
            Command::SortConcordance(by) => self.sort_concordance(by),
            Command::ExportConcordance => self.ask_where_to_export(ExportKind::Concordance),
            Command::ExportTable => self.ask_where_to_export(ExportKind::Table),
            command @ (Command::SetWordsSettings(_)
            | Command::SortWords(_)
            | Command::SearchWord(_)
            | Command::CancelWords
            | Command::RetryWords
            | Command::ExportWords
            | Command::ExportWordsTo(_)) => self.apply_words(command),
            Command::ExportTableTo(path) => self.export_table(path),
            Command::ExportConcordanceTo(path) => {
                let rows = self.concordance_rows();
                self.workers.write_concordance(path, rows);
            }
            // The rest of the window.
            Command::ShowSkipped(show) => self.state.show_skipped = show,
            Command::SetTheme(theme) => settings.theme = theme,
            Command::DismissNotice => self.state.notice = None,
            Command::SetTimelinePeriod(period) => self.set_timeline_period(period),
            Command::ChooseTimelinePeriod(choice) => {
                settings.timeline_period = choice;
                if let Some(period) = choice {
                    self.set_timeline_period(period);
                }
            }
            Command::ShowTimeline(open) => settings.timeline_open = open,
            Command::SetReaderWidth(width) => settings.reader_width = width,
            Command::SetTimelineHeight(height) => settings.timeline_height = height,
            // Marks and facets.
            Command::ChooseRow { id, how } => self.choose(id, how),
            Command::ChooseAllShown => self.choose_all_shown(),
            Command::ToggleTag(tag) => self.toggle_tag(&tag),
            Command::ToggleTagKey(key) => self.toggle_tag_key(key),
            Command::ToggleStar => self.toggle_star(),
            Command::TagShown { tag, on } => self.tag_all_shown(&tag, on),
            Command::SetNote { article, note } => self.set_note(article, note),
            Command::DefineTag(def) => self.change_marks(vec![Change::Define(def)]),
            Command::RemoveTag(name) => self.change_marks(vec![Change::Undefine(name)]),
            Command::ToggleFacetValue { facet, key } => self.toggle_facet_value(facet, key),
            Command::ClearFacets(facet) => self.clear_facets(facet),
            Command::ShowFacets(open) => settings.facets_open = open,
            Command::CopyCitation => self.copy_citation(ctx),
            Command::CopyArticles => self.ask_where_to_export(ExportKind::Articles),
            Command::CopyArticlesTo(dest) => self.copy_articles(dest),
            // Story families and the timeline's query series.
            command => self.apply_families(command),
        }
    }

    fn open(&mut self, path: PathBuf, purpose: OpenPurpose) {
        self.state.opening = true;
        self.open_request += 1;
        self.workers
            .open_folder(path, purpose, self.open_request, self.cache_root.clone());
    }

    fn reload(&mut self) {
        if let Some(folder) = self.state.folder().map(Path::to_path_buf) {
            self.open(folder, OpenPurpose::Reload);
        }
    }

    fn cancel_scan(&self) {
        if let Some(scan) = &self.state.scan {
            scan.cancel();
        }
    }

    /// Sort by a column; the same column again reverses the order.
    fn sort_by(&mut self, column: SortColumn) {
        self.state.search.sort_by_hits = None;
        self.state.families.sort = None;
        let sort = &mut self.state.settings.sort;
        *sort = SortOrder {
            column,
            descending: sort.column == column && !sort.descending,
        };
        self.invalidate_view();
        self.scroll_table_to_selection();
    }

    /// Sort by hits; again: reverse.
    fn sort_by_hits(&mut self) {
        self.state.families.sort = None;
        let search = &mut self.state.search;
        search.sort_by_hits = Some(search.sort_by_hits != Some(true));
        self.invalidate_view();
        self.scroll_table_to_selection();
    }

    fn select_row(&mut self, row: usize) {
        self.refresh_view();
        if let Some(&id) = self.state.view.ids.get(row) {
            self.select_and_show(id);
        }
    }

    fn copy_article(&self, ctx: &egui::Context) {
        if let (Some(article), BodyState::Loaded(body)) =
            (self.state.selected_article(), &self.state.reader.body)
        {
            ctx.copy_text(format!("{}\n\n{}", article.title, body.text));
        }
    }

    /// Copy the reader's article as a citation, with the paragraph of the current hit.
    fn copy_citation(&self, ctx: &egui::Context) {
        let (Some(id), Some(article)) = (self.state.selection, self.state.selected_article())
        else {
            return;
        };
        let reader = &self.state.reader;
        let paragraph = match (&reader.hits, &reader.body) {
            (Some(hits), BodyState::Loaded(body)) => reader
                .current_hit
                .checked_sub(hits.title.len())
                .and_then(|i| hits.body.get(i))
                .map(|hit| crate::corpus::text::paragraph_at(&body.text, hit.start)),
            _ => None,
        };
        let number = self
            .state
            .marks
            .attached
            .numbers
            .get(id as usize)
            .copied()
            .unwrap_or(1);
        ctx.copy_text(crate::corpus::export::citation(article, number, paragraph));
    }

    fn open_selected_file(&self) {
        if let Some(path) = self.selected_path() {
            self.workers.open_with_desktop(path, "article");
        }
    }

    fn show_selected_folder(&self) {
        if let Some(folder) = self.selected_path().as_deref().and_then(Path::parent) {
            self.workers
                .open_with_desktop(folder.to_path_buf(), "folder");
        }
    }

    /// Order the concordance by `by` (again: the other way).
    fn sort_concordance(&mut self, by: crate::search::ConcordanceSort) {
        let search = &mut self.state.search;
        search.concordance_order = search.concordance_order.toggled(by);
        self.pending.concordance = true;
    }

    pub(super) fn ask_where_to_export(&self, kind: ExportKind) {
        let query = self
            .state
            .search
            .query_text
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .take(40)
            .collect::<String>();
        let query = query.trim_matches('-');
        let name = match (kind, query.is_empty()) {
            (ExportKind::Concordance, _) => format!("concordance-{query}.csv"),
            (ExportKind::Table, true) => "articles.csv".to_owned(),
            (ExportKind::Table, false) => format!("articles-{query}.csv"),
            (ExportKind::Articles, _) => String::new(),
            (ExportKind::Trends, _) => "timeline-series.csv".to_owned(),
            (ExportKind::Chart, _) => "timeline.png".to_owned(),
            (ExportKind::Words, _) => {
                let mode = self.state.settings.words.mode.label().to_lowercase();
                format!("words-{mode}.csv")
            }
        };
        self.workers.pick_export_path(kind, name);
    }

    /// The table's rows as shown, with their hits (when counted) and their marks.
    fn table_rows(&self) -> Option<TableRows> {
        let corpus = self.state.corpus.as_ref()?;
        let results = self
            .state
            .search
            .results
            .as_ref()
            .filter(|r| r.complete && r.counts.len() == corpus.articles.len());
        Some(TableRows {
            articles: std::sync::Arc::clone(&corpus.articles),
            ids: self.state.view.ids.clone(),
            results: results.map(std::sync::Arc::clone),
            marked: self
                .state
                .marks
                .attached
                .ids
                .keys()
                .filter_map(|&id| Some((id, self.state.marks.mark_of(id)?.clone())))
                .collect(),
        })
    }

    /// Write the table's rows as shown to `path`, on a worker (with their hits when the
    /// search's are counted, and their tags and notes).
    fn export_table(&self, path: PathBuf) {
        if let Some(rows) = self.table_rows() {
            self.workers.write_table(path, rows);
        }
    }

    /// Copy the articles shown into the empty folder `dest`, on a worker.
    fn copy_articles(&self, dest: PathBuf) {
        let (Some(rows), Some(root)) = (self.table_rows(), self.state.folder()) else {
            return;
        };
        let numbers = if self.state.marks.attached.numbers.len() == rows.articles.len() {
            self.state.marks.attached.numbers.clone()
        } else {
            crate::corpus::marks::article_numbers(&rows.articles)
        };
        self.workers
            .copy_articles(root.to_path_buf(), numbers, dest, rows);
    }

    fn set_timeline_period(&mut self, period: Period) {
        if self.state.timeline.period != period {
            // The refresh counts the whole corpus again for a new period.
            self.state.timeline.period = period;
            self.pending.timeline = true;
        }
    }

    /// Ask the table to bring the selected row into view.
    pub(super) fn scroll_table_to_selection(&mut self) {
        self.state.table_scroll_request += 1;
    }

    /// The concordance as shown (order and filters), as export rows.
    pub fn concordance_rows(&self) -> Vec<KwicRow> {
        let (Some(results), Some(corpus)) = (&self.state.search.results, &self.state.corpus) else {
            return Vec::new();
        };
        self.state
            .search
            .concordance
            .iter()
            .filter_map(|&i| results.lines.get(i as usize)?.to_row(&corpus.articles))
            .collect()
    }

    /// Select an article (or nothing) and ask for its body.
    pub(super) fn select(&mut self, id: Option<ArticleId>) {
        if id == self.state.selection && id.is_some() {
            return;
        }
        self.state.selection = id;
        self.state.update_selected_row();
        self.state.reader = ReaderState::default();
        if let Some(id) = id
            && self.request_body(id)
        {
            let reader = &mut self.state.reader;
            reader.article = Some(id);
            reader.body = BodyState::Loading;
            reader.scroll_to_top = true;
        }
    }

    /// Select an article and scroll the table to it.
    pub(super) fn select_and_show(&mut self, id: ArticleId) {
        self.select(Some(id));
        self.scroll_table_to_selection();
    }

    fn selected_path(&self) -> Option<PathBuf> {
        let root = self.state.folder()?;
        Some(root.join(self.state.selected_article()?.fs_path()))
    }

    /// A concordance line was clicked: show its article at that hit.
    fn open_hit(&mut self, article: ArticleId, hit: usize) {
        let reader = &mut self.state.reader;
        if self.state.selection == Some(article) && matches!(reader.body, BodyState::Loaded(_)) {
            reader.current_hit = hit.min(reader.hit_count().saturating_sub(1));
            reader.scroll_to_hit = true;
        } else {
            self.select_and_show(article);
            self.state.reader.wanted_hit = Some(hit);
        }
    }

    /// Move to the next (or previous) hit in the reader, wrapping around.
    fn step_hit(&mut self, step: HitStep) {
        let reader = &mut self.state.reader;
        let count = reader.hit_count();
        if count == 0 {
            return;
        }
        let current = reader.current_hit.min(count - 1);
        reader.current_hit = match step {
            HitStep::Next => (current + 1) % count,
            HitStep::Previous => (current + count - 1) % count,
        };
        reader.scroll_to_hit = true;
    }

    /// Ask the body loader for article `id`'s body, with the current query's hits in it;
    /// false when the corpus has no such article.
    pub(super) fn request_body(&mut self, id: ArticleId) -> bool {
        let Some(corpus) = &self.state.corpus else {
            return false;
        };
        let Some(article) = corpus.articles.get(id as usize) else {
            return false;
        };
        let query = self.state.search.query.clone();
        self.state.reader.request =
            self.workers
                .load_body(&corpus.root, article, READER_MAX_BYTES, query.clone());
        self.state.reader.request_query = query;
        true
    }

    /// The reader's hits arrived with its body.
    pub(super) fn show_hits(&mut self, hits: Option<Hits>) {
        let reader = &mut self.state.reader;
        let count = hits.as_ref().map_or(0, Hits::count);
        reader.hits = hits;
        let wanted = reader.wanted_hit.take();
        reader.current_hit = wanted.unwrap_or(0).min(count.saturating_sub(1));
        reader.scroll_to_hit = count > 0;
    }

    /// Take the text of the search box: a valid query different from the one in effect starts
    /// a search (stopping the running one); an invalid one is shown with its hint and the
    /// last valid query stays in effect.
    pub(super) fn set_query(&mut self, text: String) {
        let parsed = crate::search::parse_with_fields(&text);
        let search = &mut self.state.search;
        search.text = text;
        let (query, fields) = match parsed {
            Ok(parsed) => parsed,
            Err(err) => {
                search.error = Some(err);
                return;
            }
        };
        search.error = None;
        if fields != search.fields {
            search.fields = fields;
            search.query_text = search.text.trim().to_owned();
            self.invalidate_view();
        }
        let search = &mut self.state.search;
        if query == search.query {
            return;
        }
        search.query = query;
        search.query_text = search.text.trim().to_owned();
        if search.sort_by_hits.take().is_some() {
            // Back to the column's order now, not when the new results arrive.
            self.invalidate_view();
        }
        self.start_search();
    }

    /// Run the query in effect over the open corpus (once its scan is over), or clear the
    /// results when there is none.
    pub(super) fn start_search(&mut self) {
        let search = &mut self.state.search;
        search.generation += 1;
        search.failure = None;
        self.workers.cancel_search(search.generation);
        let Some(query) = search.query.clone() else {
            search.running = false;
            self.forget_search_results();
            self.state.reader.hits = None;
            return;
        };
        search.running = true;
        let Some(corpus) = &self.state.corpus else {
            return;
        };
        if self.state.scan.is_some() {
            return; // Started again when the scan finishes.
        }
        self.workers.search(SearchRequest {
            generation: search.generation,
            root: corpus.root.clone(),
            articles: std::sync::Arc::clone(&corpus.articles),
            index: search.ready_index(),
            query,
        });
    }

    /// Drop the results of the last search (the view and the concordance follow).
    pub(super) fn forget_search_results(&mut self) {
        let search = &mut self.state.search;
        if search.results.take().is_some() {
            self.invalidate_view();
        }
        self.state.search.concordance.clear();
        self.pending.concordance = true;
    }

    /// Load the shown article again for the new query's hits (the text stays on screen).
    pub(super) fn reload_reader_hits(&mut self) {
        if let Some(id) = self.state.reader.article {
            self.request_body(id);
        }
    }
}
