//! The window: the top floor. [`CorpusWindow`] is the eframe application; each frame it lets
//! the app take in its workers' reports, draws the panels (one module each) from the app's
//! state, and hands the app the commands the panels emitted. Panels read state and emit
//! commands; they never write state.

mod concordance;
mod empty_state;
mod facet_panel;
mod families_window;
mod filter_bar;
mod input;
mod marks_ui;
mod panels;
mod reader;
mod search_box;
mod skipped_window;
mod status_bar;
pub mod style;
mod table;
#[cfg(test)]
mod tests;
mod timeline;
mod top_bar;
mod trend_lines;
mod widgets;
mod window;
mod words_panel;

pub use trend_lines::series_color;
pub use window::{CorpusWindow, run};
