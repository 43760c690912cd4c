//! The Words tab in the window: the token store opened the first time the tab is shown, a
//! list asked for whenever the shown articles or the tab's settings change (on the words
//! thread, `measuring.rs`), and what the tab's commands do.

use std::path::PathBuf;
use std::sync::Arc;

use super::command::Command;
use super::corpus_app::CorpusApp;
use super::measuring::{WordsJob, WordsReport};
use super::state::CentralTab;
use super::words_state::{StoreState, WordsSettings, WordsState};
use super::workers::{ExportKind, WorkerEvent};

impl CorpusApp {
    /// A new corpus: its lists are to be made again (the store is opened when the tab is).
    pub(super) fn forget_words(&mut self) {
        let progress = Arc::clone(&self.state.words.progress);
        self.state.words = WordsState {
            progress,
            sort: self.state.words.sort,
            ..WordsState::default()
        };
    }

    /// Each frame: take in the words thread's reports; while the Words tab is shown, open the
    /// store, or ask for the list when the shown articles or the settings changed.
    pub(super) fn words_tick(&mut self) {
        while let Some(report) = self.measuring.try_next() {
            self.on_words_report(report);
        }
        let state = &self.state;
        // The store is opened after every scan (story families are found from it); lists
        // are made while the tab is shown.
        if state.is_scanning() || state.search.running {
            return;
        }
        let Some(corpus) = &state.corpus else {
            return;
        };
        match &state.words.store {
            StoreState::Unopened => {
                let Some(cache_root) = &self.cache_root else {
                    self.state.words.store = StoreState::Failed(
                        "there is no cache folder to keep word counts in".into(),
                    );
                    return;
                };
                let root =
                    std::path::absolute(&corpus.root).unwrap_or_else(|_| corpus.root.clone());
                let path = crate::analysis::terms_path_in(cache_root, &root);
                self.measuring.send(WordsJob::Open {
                    path,
                    root: corpus.root.clone(),
                    articles: Arc::clone(&corpus.articles),
                });
                self.state.words.store = StoreState::Opening;
                self.state.words.running = true;
            }
            StoreState::Ready { .. } => {
                if self.state.tab == CentralTab::Words && self.words_stale() {
                    self.request_words();
                }
            }
            StoreState::Opening | StoreState::Failed(_) => {}
        }
    }

    /// True while the Words tab's list is not that of the articles shown with its settings
    /// (it is asked for while the tab is shown).
    pub fn words_stale(&self) -> bool {
        let words = &self.state.words;
        words.stale || words.requested.as_ref() != Some(&self.state.settings.words)
    }

    /// Ask for the list of the articles shown.
    fn request_words(&mut self) {
        let settings = self.state.settings.words.clone();
        let node = if settings.node.trim().is_empty() {
            self.state
                .search
                .query
                .as_ref()
                .and_then(|q| q.first_word())
                .map(str::to_owned)
        } else {
            crate::search::analysis::normalized_tokens(&settings.node)
                .into_iter()
                .next()
        };
        let words = &mut self.state.words;
        words.seq += 1;
        words.stale = false;
        words.requested = Some(settings.clone());
        words.running = true;
        self.measuring.send(WordsJob::Compute {
            seq: words.seq,
            ids: self.state.view.ids.clone(),
            settings,
            node,
        });
    }

    fn on_words_report(&mut self, report: WordsReport) {
        let words = &mut self.state.words;
        match report {
            WordsReport::Opened { articles, result } => {
                let current = self
                    .state
                    .corpus
                    .as_ref()
                    .is_some_and(|c| Arc::ptr_eq(&c.articles, &articles));
                if !current || words.store != StoreState::Opening {
                    return;
                }
                words.running = false;
                words.store = match result {
                    Ok((unreadable, store)) => {
                        self.start_families(store);
                        self.state.words.store = StoreState::Ready { unreadable };
                        return;
                    }
                    Err(err) => StoreState::Failed(err),
                };
            }
            WordsReport::Computed { seq, result } => {
                if seq != words.seq {
                    return;
                }
                words.running = false;
                match result {
                    Some(Ok(mut result)) => {
                        if let Some((column, descending)) = words.sort {
                            result.rows.sort(column, descending);
                        }
                        words.result = Some(result);
                        words.error = None;
                    }
                    Some(Err(err)) => words.error = Some(err),
                    None => {}
                }
            }
        }
    }

    /// Apply a command of the Words tab.
    pub(super) fn apply_words(&mut self, command: Command) {
        match command {
            Command::SetWordsSettings(settings) => self.set_words_settings(settings),
            Command::SortWords(column) => self.sort_words(column),
            Command::SearchWord(word) => self.search_word(&word),
            Command::CancelWords => self.cancel_words(),
            Command::RetryWords => self.forget_words(),
            Command::ExportWords => self.ask_where_to_export(ExportKind::Words),
            Command::ExportWordsTo(path) => self.export_words(path),
            _ => {}
        }
    }

    /// Stop the running count; nothing is asked again until the articles shown or the
    /// settings change (a cancelled store opening is offered again).
    fn cancel_words(&mut self) {
        self.measuring.cancel();
        let words = &mut self.state.words;
        words.running = false;
        words.stale = false;
        if words.store == StoreState::Opening {
            words.store = StoreState::Failed("counting was cancelled".to_owned());
        }
    }

    /// Change the Words tab's settings.
    fn set_words_settings(&mut self, settings: WordsSettings) {
        if settings.mode != self.state.settings.words.mode {
            self.state.words.sort = None;
        }
        self.state.settings.words = settings;
    }

    /// Order the list by `column` (again: the other way).
    fn sort_words(&mut self, column: usize) {
        let words = &mut self.state.words;
        let descending = match words.sort {
            Some((c, d)) if c == column => !d,
            _ => column != 0,
        };
        words.sort = Some((column, descending));
        if let Some(result) = &mut words.result {
            result.rows.sort(column, descending);
        }
    }

    /// Search for a word of the list, and show its concordance.
    fn search_word(&mut self, word: &str) {
        let query = if word.contains(' ') {
            format!("\"{word}\"")
        } else {
            word.to_owned()
        };
        self.set_query(query);
        self.state.tab = CentralTab::Concordance;
    }

    /// Write the list as shown to `path` (CSV, or JSON Lines for `.jsonl`), on a worker.
    fn export_words(&self, path: PathBuf) {
        let Some(result) = &self.state.words.result else {
            return;
        };
        let rows = result.rows.clone();
        let format = crate::corpus::export::ExportFormat::for_path(&path);
        self.workers.spawn(super::jobs::Job::Export, move || {
            let count = rows.len();
            let result = std::fs::File::create(&path).and_then(|file| {
                let out = std::io::BufWriter::new(file);
                rows.write(out, format)
            });
            Some(WorkerEvent::ExportWritten {
                kind: ExportKind::Words,
                path,
                rows: count,
                result,
            })
        });
    }
}
