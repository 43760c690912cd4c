//! What the app remembers between runs. Every field has a default (`#[serde(default)]`), so an
//! older or damaged save never prevents start-up: unknown or missing fields fall back.

use std::path::{Path, PathBuf};

use crate::corpus::{DateFilter, SortOrder};

/// How many folders the Recent menu keeps.
pub const RECENT_FOLDERS_MAX: usize = 10;

/// Light, dark, or whatever the system uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ThemeChoice {
    /// Follow the system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Which optional table columns are shown (Title is always shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ColumnVisibility {
    /// Publication date.
    pub date: bool,
    /// Sub-folder.
    pub source: bool,
    /// Word count.
    pub words: bool,
    /// File name.
    pub file: bool,
    /// Dateline.
    pub dateline: bool,
    /// File size.
    pub size: bool,
    /// Modification time.
    pub modified: bool,
    /// Authors.
    pub authors: bool,
    /// URL.
    pub url: bool,
    /// Language.
    pub language: bool,
    /// File format.
    pub format: bool,
    /// Tags and star (shown once the folder has tags).
    pub tags: bool,
}

impl Default for ColumnVisibility {
    fn default() -> Self {
        Self {
            date: true,
            source: true,
            words: true,
            file: true,
            dateline: false,
            size: false,
            modified: false,
            authors: false,
            url: false,
            language: false,
            format: false,
            tags: true,
        }
    }
}

/// The persisted settings.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The folder open when the app last closed.
    pub last_folder: Option<PathBuf>,
    /// Most recent first.
    pub recent_folders: Vec<PathBuf>,
    /// Table sort.
    pub sort: SortOrder,
    /// Date-range filter.
    pub filter: DateFilter,
    /// Optional columns.
    pub columns: ColumnVisibility,
    /// Theme.
    pub theme: ThemeChoice,
    /// Width of the reader panel in points.
    pub reader_width: f32,
    /// The timeline is shown.
    pub timeline_open: bool,
    /// The facet panel is shown.
    pub facets_open: bool,
    /// Height of the timeline in points.
    pub timeline_height: f32,
    /// The timeline's period, or `None` to follow the span shown.
    pub timeline_period: Option<crate::corpus::timeline::Period>,
    /// The Words tab's settings.
    pub words: super::words_state::WordsSettings,
    /// The timeline's query series.
    pub trends: super::trends_state::TrendsSettings,
    /// The story families' settings.
    pub families: super::families_state::FamiliesSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            last_folder: None,
            recent_folders: Vec::new(),
            sort: SortOrder::default(),
            filter: DateFilter::default(),
            columns: ColumnVisibility::default(),
            theme: ThemeChoice::default(),
            reader_width: 460.0,
            timeline_open: true,
            facets_open: false,
            timeline_height: 150.0,
            timeline_period: None,
            words: super::words_state::WordsSettings::default(),
            trends: super::trends_state::TrendsSettings::default(),
            families: super::families_state::FamiliesSettings::default(),
        }
    }
}

impl Settings {
    /// Record `folder` as opened: last folder and front of the recent list (no duplicates).
    pub fn remember_folder(&mut self, folder: &Path) {
        self.last_folder = Some(folder.to_path_buf());
        self.recent_folders.retain(|f| f != folder);
        self.recent_folders.insert(0, folder.to_path_buf());
        self.recent_folders.truncate(RECENT_FOLDERS_MAX);
    }

    /// Read settings saved as RON; anything unreadable gives the defaults.
    pub fn from_ron(text: &str) -> Self {
        ron::from_str(text).unwrap_or_else(|err| {
            log::warn!("ignoring unreadable saved settings: {err}");
            Self::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_folders_are_unique_most_recent_first_and_capped() {
        let mut settings = Settings::default();
        for i in 0..12 {
            settings.remember_folder(Path::new(&format!("/f{i}")));
        }
        settings.remember_folder(Path::new("/f5"));
        assert_eq!(settings.recent_folders.len(), RECENT_FOLDERS_MAX);
        assert_eq!(settings.recent_folders[0], Path::new("/f5"));
        assert_eq!(
            settings
                .recent_folders
                .iter()
                .filter(|f| *f == Path::new("/f5"))
                .count(),
            1
        );
        assert_eq!(settings.last_folder.as_deref(), Some(Path::new("/f5")));
    }

    #[test]
    fn damaged_or_partial_saves_fall_back_to_defaults() {
        assert_eq!(Settings::from_ron("not ron at all {"), Settings::default());
        let partial = Settings::from_ron("(reader_width: 300.0, unknown_field: 3)");
        assert_eq!(partial.reader_width, 300.0);
        assert_eq!(partial.columns, ColumnVisibility::default());
    }
}
