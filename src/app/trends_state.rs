//! What the timeline's query series read: their settings (remembered), each query's matching
//! articles, and the counts per period of the articles the filters keep.

use std::sync::Arc;

use crate::analysis::trends::Trends;
use crate::corpus::{Article, IdSet};
use crate::search::{ArticleLookup, FieldFilters, Query};

/// What a matching job found: per query text, its articles or why not.
pub type Matched = Vec<(String, Result<Arc<IdSet>, String>)>;

/// The series' settings (remembered between runs).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct TrendsSettings {
    /// The queries drawn as lines, in order (at most [`crate::analysis::trends::MAX_SERIES`]).
    pub queries: Vec<String>,
    /// Lines show the share of each period's articles (else the count).
    pub share: bool,
    /// One small chart per outlet for one query.
    pub by_source: bool,
    /// The query of the small charts (its position in `queries`).
    pub source_series: usize,
    /// How many outlets get a small chart (the most articles first).
    pub top_sources: usize,
}

impl Default for TrendsSettings {
    fn default() -> Self {
        Self {
            queries: Vec::new(),
            share: false,
            by_source: false,
            source_series: 0,
            top_sources: 6,
        }
    }
}

/// The most outlets the small charts show.
pub const MAX_TOP_SOURCES: usize = 24;

/// One query's matches.
#[derive(Debug, Default)]
pub struct Series {
    /// The query as typed.
    pub text: String,
    /// Its words (none: only `source:`, `author:` or `tag:` terms).
    pub query: Option<Query>,
    /// Its field terms, applied when counting.
    pub fields: FieldFilters,
    /// The articles of the corpus its words match, once found.
    pub matches: Option<Arc<IdSet>>,
    /// Why it has no matches (a bad query, a failed search).
    pub error: Option<String>,
}

/// One outlet's small chart.
#[derive(Debug, Default)]
pub struct SourceTrend {
    /// The outlet.
    pub source: String,
    /// Its articles kept by the filters.
    pub articles: usize,
    /// Its articles per period and those matching the chosen query.
    pub trends: Trends,
}

/// A chart waiting for the window's screenshot: where to write it and which part to keep.
#[derive(Clone, Debug)]
pub struct ChartShot {
    /// The PNG file.
    pub path: std::path::PathBuf,
    /// The chart's rectangle, in points.
    pub rect: egui::Rect,
}

/// The series in the window.
#[derive(Default)]
pub struct TrendsState {
    /// One per query of the settings, in order.
    pub series: Vec<Series>,
    /// The corpus the matches are of.
    pub of_articles: Option<Arc<Vec<Article>>>,
    /// Which article each index document is (built once per index and corpus).
    pub lookup: Option<Arc<ArticleLookup>>,
    /// A matching job runs.
    pub matching: bool,
    /// The articles every filter but the search keeps (dates, facets, tags): what the series
    /// count and what a share divides by.
    pub base: Option<IdSet>,
    /// The counts per period of the timeline's bars, one series per query.
    pub chart: Trends,
    /// The small charts, when shown.
    pub by_source: Vec<SourceTrend>,
    /// The counts are to be made again.
    pub stale: bool,
    /// Where the chart was last drawn (for saving it as a picture).
    pub chart_rect: Option<egui::Rect>,
    /// A picture of the chart to save.
    pub shot: Option<ChartShot>,
    /// The window's screenshot was asked for.
    pub shot_asked: bool,
    /// Where the window's screenshot arrives.
    pub screenshot: Arc<std::sync::Mutex<Option<Arc<egui::ColorImage>>>>,
}

impl TrendsState {
    /// True when every series has its matches (or an error).
    pub fn settled(&self) -> bool {
        self.series
            .iter()
            .all(|s| s.matches.is_some() || s.error.is_some())
    }
}
