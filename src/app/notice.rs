//! The banner's messages: each kind of news the window gives in a sentence, typed so that the
//! code that raises one says what happened and this file says how it reads.

use std::path::PathBuf;

use super::jobs::Job;
use super::workers::ExportKind;
use crate::corpus::counted;

/// What the banner says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A dropped, picked or given path could not be opened.
    CannotOpen {
        /// Why, as the folder check put it (`folder not found: …`).
        reason: String,
        /// Another folder is open and stays open.
        keeps_open_folder: bool,
    },
    /// The folder dialog closed at once: this system has no way to show one.
    NoFolderDialog,
    /// The scan's threads died before the end (a bug).
    ScanLost {
        /// Files seen before it stopped.
        files: u64,
        /// Articles read before it stopped (the table shows them).
        articles: u64,
    },
    /// A file asked for (dropped on the window, or selected before a reload) is not among the
    /// folder's articles.
    NotAnArticle {
        /// Its path, relative to the folder.
        path: String,
        /// It was the selection before a reload (else it was dropped on the window).
        after_reload: bool,
    },
    /// A background job panicked (a bug).
    WorkerCrashed {
        /// Which job.
        job: Job,
        /// The panic's message.
        message: String,
    },
    /// A background job could not be started.
    WorkerNotStarted {
        /// What the system said.
        error: String,
    },
    /// The concordance or the table was exported.
    Exported {
        /// What was exported.
        kind: ExportKind,
        /// Rows written.
        rows: usize,
        /// The file written.
        path: PathBuf,
    },
    /// An export could not be written.
    ExportFailed {
        /// The file that could not be written.
        path: PathBuf,
        /// What the system said.
        error: String,
    },
    /// News of the tags and notes: carried over, found renamed, missing, not saved.
    Marks(String),
    /// The desktop could not open an article's file or folder.
    DesktopOpenFailed {
        /// `article` or `folder`.
        what: &'static str,
        /// What was to be opened.
        path: PathBuf,
        /// What the system said.
        error: String,
    },
}

impl Notice {
    /// The banner offers to reload the folder (after a background task failed).
    pub fn offers_reload(&self) -> bool {
        matches!(self, Self::ScanLost { .. } | Self::WorkerCrashed { .. })
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::CannotOpen {
                reason,
                keeps_open_folder,
            } => {
                write!(f, "Cannot open {reason}.")?;
                if *keeps_open_folder {
                    f.write_str(" The open folder is unchanged.")?;
                }
                Ok(())
            }
            Self::NoFolderDialog => f.write_str(
                "No folder dialog could be shown on this system (no desktop portal or zenity). \
                 Drop a folder onto the window, or start the app with: corpus-explorer FOLDER",
            ),
            Self::ScanLost { files, articles } => write!(
                f,
                "The scan stopped unexpectedly after {} (a bug in corpus-explorer). The table \
                 shows the {} read so far; reload to scan the folder again.",
                counted(*files, "file"),
                counted(*articles, "article"),
            ),
            Self::NotAnArticle {
                path,
                after_reload: true,
            } => write!(f, "{path} is no longer an article of this folder."),
            Self::NotAnArticle {
                path,
                after_reload: false,
            } => write!(
                f,
                "{path} is not an article of this folder (see the skipped files)."
            ),
            Self::WorkerCrashed { job, message } => write!(
                f,
                "{} failed unexpectedly (a bug in corpus-explorer): {message}. You can keep \
                 working; try the action again or reload the folder.",
                job.doing()
            ),
            Self::WorkerNotStarted { error } => {
                write!(f, "Could not start a worker thread: {error}")
            }
            Self::Exported {
                kind: ExportKind::Chart,
                path,
                ..
            } => write!(f, "Saved the timeline as {}", path.display()),
            Self::Exported { kind, rows, path } => write!(
                f,
                "Exported {rows} {} to {}",
                kind.rows_noun(),
                path.display()
            ),
            Self::ExportFailed { path, error } => {
                write!(f, "Could not export to {}: {error}", path.display())
            }
            Self::Marks(message) => f.write_str(message),
            Self::DesktopOpenFailed { what, path, error } => {
                write!(f, "Could not open the {what} {}: {error}", path.display())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_read_as_sentences_and_only_failures_offer_a_reload() {
        let cannot = Notice::CannotOpen {
            reason: "folder not found: /nowhere".to_owned(),
            keeps_open_folder: true,
        };
        assert_eq!(
            cannot.to_string(),
            "Cannot open folder not found: /nowhere. The open folder is unchanged."
        );
        assert!(!cannot.offers_reload());
        let lost = Notice::ScanLost {
            files: 1,
            articles: 20,
        };
        assert!(lost.to_string().contains("after 1 file (a bug"), "{lost}");
        assert!(
            lost.to_string().contains("the 20 articles read so far"),
            "{lost}"
        );
        assert!(lost.offers_reload());
        let crashed = Notice::WorkerCrashed {
            job: Job::Indexer,
            message: "boom".to_owned(),
        };
        assert!(
            crashed
                .to_string()
                .starts_with("Building the search index failed unexpectedly"),
            "{crashed}"
        );
        assert!(crashed.offers_reload());
    }
}
