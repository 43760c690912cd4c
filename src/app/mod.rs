//! The application without its window: the state the panels read ([`AppState`]), the
//! [`Command`]s they emit, the one place commands change the state (`apply.rs`), the workers'
//! reports taken in within a frame budget (`events.rs`), the rebuilding of the table's view,
//! the concordance and the timeline (`refresh.rs`), and the background workers themselves
//! (`workers.rs`). No panel types live here: the window ([`crate::ui`]) sits on top and calls
//! [`CorpusApp::begin_frame`] and [`CorpusApp::end_frame`] around its panels.

mod apply;
mod catalog_jobs;
mod command;
mod corpus_app;
mod events;
mod families;
mod families_state;
mod families_worker;
mod jobs;
mod marking;
mod marks;
mod marks_state;
mod measuring;
mod notice;
mod refresh;
mod search;
pub mod settings;
mod state;
mod timeline;
mod trends;
mod trends_state;
mod view;
mod words;
mod words_state;
mod workers;

pub use apply::READER_MAX_BYTES;
pub use command::{Choose, Command};
pub use corpus_app::{CorpusApp, Pending};
pub use families_state::{Comparison, FamiliesSettings, FamiliesState, FamiliesStatus};
pub use jobs::{BodyLoadError, Job, Progress};
pub use marks_state::{FacetsState, MarksState, PANEL_FACETS, TAG_FACET};
pub use measuring::WINDOW_ROWS;
pub use notice::Notice;
pub use search::{IndexFailure, IndexState, SearchFailure, SearchState};
pub use settings::{ColumnVisibility, Settings, ThemeChoice};
pub use state::{AppState, BodyState, CentralTab, CheckState, ReaderState};
pub use timeline::{Recount, TimelineState};
pub use trends_state::{MAX_TOP_SOURCES, Series, SourceTrend, TrendsSettings, TrendsState};
pub use view::View;
pub use words_state::{StoreState, WordsMode, WordsResult, WordsRows, WordsSettings, WordsState};
pub use workers::{
    CatalogSave, ExportKind, IndexDelta, LoadedBody, OpenPurpose, OpenSource, TableRows,
    WorkerEvent, WorkerProgress,
};

/// The app's id: the settings live in the system's data folder under this name.
pub const APP_ID: &str = "corpus-explorer";
