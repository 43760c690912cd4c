//! The timeline's query series: each query's matching articles found through the search index
//! on a worker (the index's documents matched with the corpus's articles once), then counted
//! per period over the articles every filter but the search keeps; and what the series'
//! commands do (add, remove, share, by outlet, click a point, export).

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use super::command::Command;
use super::corpus_app::CorpusApp;
use super::jobs::Job;
use super::search::IndexState;
use super::timeline::day_reader;
use super::trends_state::{
    ChartShot, MAX_TOP_SOURCES, Matched, Series, SourceTrend, TrendsSettings,
};
use super::workers::{ExportKind, WorkerEvent};
use crate::analysis::trends::{MAX_SERIES, Trends};
use crate::corpus::{Article, ArticleId, DateFilter, IdSet};
use crate::search::{ArticleLookup, Query, SearchIndex};

impl CorpusApp {
    /// Each frame: series in line with the settings, matches asked for when the index is
    /// ready, and a requested screenshot of the chart taken in.
    pub(super) fn trends_tick(&mut self, ctx: &egui::Context) {
        self.take_chart_shot(ctx);
        self.sync_series();
        let state = &self.state;
        let trends = &state.trends;
        if trends.matching || trends.settled() || state.is_scanning() {
            return;
        }
        let Some(corpus) = &state.corpus else {
            return;
        };
        let index = match &state.search.index {
            IndexState::Ready(index, _) => Some(Arc::clone(index)),
            IndexState::Failed(_) => None,
            IndexState::NotStarted | IndexState::Building => return,
        };
        let wanted: Vec<(String, Query)> = trends
            .series
            .iter()
            .filter(|s| s.matches.is_none() && s.error.is_none())
            .filter_map(|s| Some((s.text.clone(), s.query.clone()?)))
            .collect();
        let articles = Arc::clone(&corpus.articles);
        let root = corpus.root.clone();
        let lookup = trends.lookup.clone();
        self.state.trends.matching = true;
        self.workers.spawn(Job::Trends, move || {
            let (lookup, matched) = match_queries(&root, &articles, index, lookup, &wanted);
            Some(WorkerEvent::SeriesMatched {
                articles,
                lookup,
                matched,
            })
        });
    }

    /// Make the series those of the settings' queries, keeping the matches of queries kept;
    /// a new corpus drops every match.
    fn sync_series(&mut self) {
        let state = &mut self.state;
        let trends = &mut state.trends;
        let current = state.corpus.as_ref().map(|c| &c.articles);
        let same_corpus = match (&trends.of_articles, current) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        if !same_corpus {
            trends.of_articles = current.cloned();
            trends.lookup = None;
            trends.series.clear();
            trends.stale = true;
        }
        let queries = &state.settings.trends.queries;
        if trends.series.len() == queries.len()
            && trends.series.iter().zip(queries).all(|(s, q)| &s.text == q)
        {
            return;
        }
        let mut old = std::mem::take(&mut trends.series);
        trends.series = queries
            .iter()
            .map(|text| match old.iter().position(|s| &s.text == text) {
                Some(at) => old.swap_remove(at),
                None => new_series(text),
            })
            .collect();
        trends.stale = true;
    }

    /// A matching job ended.
    pub(super) fn on_series_matched(
        &mut self,
        articles: &Arc<Vec<Article>>,
        lookup: Option<Arc<ArticleLookup>>,
        matched: Matched,
    ) {
        let trends = &mut self.state.trends;
        trends.matching = false;
        if !trends
            .of_articles
            .as_ref()
            .is_some_and(|a| Arc::ptr_eq(a, articles))
        {
            return;
        }
        if lookup.is_some() {
            trends.lookup = lookup;
        }
        for (text, result) in matched {
            for series in trends.series.iter_mut().filter(|s| s.text == text) {
                match &result {
                    Ok(found) => series.matches = Some(Arc::clone(found)),
                    Err(err) => series.error = Some(err.clone()),
                }
            }
        }
        trends.stale = true;
    }

    /// Carry out a series command.
    pub(super) fn apply_trends(&mut self, command: Command) {
        let settings = &mut self.state.settings.trends;
        match command {
            Command::AddSeries(text) => {
                let text = text.trim().to_owned();
                if !text.is_empty()
                    && settings.queries.len() < MAX_SERIES
                    && !settings.queries.contains(&text)
                {
                    settings.queries.push(text);
                    self.pending.view = true;
                }
            }
            Command::RemoveSeries(at) if at < settings.queries.len() => {
                settings.queries.remove(at);
                if settings.source_series >= settings.queries.len() {
                    settings.source_series = 0;
                }
                self.state.trends.stale = true;
            }
            Command::SetTrendsSettings(new) => {
                *settings = TrendsSettings {
                    top_sources: new.top_sources.clamp(1, MAX_TOP_SOURCES),
                    ..new
                };
                self.state.trends.stale = true;
            }
            Command::ShowSeriesPoint {
                series,
                from,
                to,
                source,
            } => self.show_series_point(series, (from, to), source.as_deref()),
            Command::ExportTrends => self.ask_where_to_export(ExportKind::Trends),
            Command::ExportTrendsTo(path) => self.export_trends(path),
            Command::ChartMoved(rect) => self.state.trends.chart_rect = Some(rect),
            Command::ExportChart => self.ask_where_to_export(ExportKind::Chart),
            Command::ExportChartTo(path) => {
                let trends = &mut self.state.trends;
                if let Some(rect) = trends.chart_rect {
                    trends.shot = Some(ChartShot { path, rect });
                    trends.shot_asked = false;
                }
            }
            _ => {}
        }
    }

    /// A click on a series' point: the table shows that period's articles matching its query
    /// (and, from an outlet's chart, of that outlet).
    fn show_series_point(
        &mut self,
        series: usize,
        (from, to): (NaiveDate, NaiveDate),
        source: Option<&str>,
    ) {
        let Some(mut text) = self.state.settings.trends.queries.get(series).cloned() else {
            return;
        };
        if let Some(source) = source {
            // Field terms narrow the whole query, whatever its ORs.
            text = format!("{text} source:\"{}\"", source.replace('"', ""));
        }
        // Exactly the articles counted: undated ones are on no period.
        let filter = DateFilter {
            from: Some(from),
            to: Some(to),
            include_undated: false,
        };
        self.commands.push(Command::SetFilter(filter));
        self.commands.push(Command::SetQuery(text));
    }

    /// Write the chart's counts (the columns of `trends`) on a worker.
    fn export_trends(&self, path: PathBuf) {
        let trends = self.state.trends.chart.clone();
        let queries = self.state.settings.trends.queries.clone();
        let format = crate::corpus::export::ExportFormat::for_path(&path);
        self.workers.spawn(Job::Export, move || {
            let result = std::fs::File::create(&path).and_then(|file| {
                let out = std::io::BufWriter::new(file);
                crate::analysis::trends::write_trends(out, format, &queries, &trends)
            });
            Some(WorkerEvent::ExportWritten {
                kind: ExportKind::Trends,
                path,
                rows: trends.periods(),
                result,
            })
        });
    }

    /// Ask the window for a screenshot when a chart is to be saved, and save the chart's part
    /// of it when it comes.
    fn take_chart_shot(&mut self, ctx: &egui::Context) {
        let trends = &mut self.state.trends;
        let Some(shot) = &trends.shot else {
            return;
        };
        if !trends.shot_asked {
            trends.shot_asked = true;
            let slot = Arc::clone(&trends.screenshot);
            let waker = ctx.clone();
            ctx.request_screenshot(move |image| {
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(image);
                }
                waker.request_repaint();
            });
            return;
        }
        let Some(image) = trends.screenshot.lock().ok().and_then(|mut s| s.take()) else {
            return;
        };
        let shot = shot.clone();
        trends.shot = None;
        trends.shot_asked = false;
        let chart = image.region(&shot.rect, Some(ctx.pixels_per_point()));
        self.workers.spawn(Job::Export, move || {
            let result = write_png(&shot.path, &chart);
            Some(WorkerEvent::ExportWritten {
                kind: ExportKind::Chart,
                path: shot.path,
                rows: 1,
                result,
            })
        });
    }

    /// Count the series again (the view, the period or a series changed).
    pub(super) fn recount_trends(&mut self) {
        let keys = self.current_keys().cloned();
        let state = &mut self.state;
        let trends = &mut state.trends;
        trends.stale = false;
        let (Some(corpus), Some(base)) = (&state.corpus, &trends.base) else {
            trends.chart = Trends::default();
            trends.by_source.clear();
            return;
        };
        let articles = &corpus.articles;
        let matches: Vec<IdSet> = trends
            .series
            .iter()
            .map(|s| series_matches(s, articles, &state.marks, base.len()))
            .collect();
        let refs: Vec<&IdSet> = matches.iter().collect();
        let day_of = day_reader(articles, keys.as_deref());
        let period = state.timeline.period;
        let span = state.view.date_span;
        trends.chart = Trends::count(period, span, base, &refs, &day_of);
        let settings = &state.settings.trends;
        trends.by_source = match refs.get(settings.source_series) {
            Some(found) if settings.by_source => {
                let top = top_sources(articles, base, settings.top_sources);
                top.into_iter()
                    .map(|(source, ids)| {
                        let selected = IdSet::of(articles.len(), ids);
                        SourceTrend {
                            articles: selected.len(),
                            trends: Trends::count(period, span, &selected, &[found], &day_of),
                            source,
                        }
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
    }
}

/// Write `image` as a PNG file (RGBA, 8 bits a channel).
pub(super) fn write_png(path: &std::path::Path, image: &egui::ColorImage) -> std::io::Result<()> {
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let [width, height] = image.size;
    let size = |n: usize| u32::try_from(n).map_err(std::io::Error::other);
    let mut encoder = png::Encoder::new(file, size(width)?, size(height)?);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|p| p.to_array()).collect();
    writer
        .write_image_data(&bytes)
        .map_err(std::io::Error::other)?;
    writer.finish().map_err(std::io::Error::other)
}

/// A series for `text`, parsed (a bad query carries its error).
fn new_series(text: &str) -> Series {
    let parsed = crate::search::parse_with_fields(text).and_then(|(query, fields)| {
        if query.is_none() && fields.is_empty() {
            Err(crate::search::SyntaxError::Empty)
        } else {
            Ok((query, fields))
        }
    });
    match parsed {
        Ok((query, fields)) => Series {
            text: text.to_owned(),
            // Only field terms: every article, narrowed when counting.
            matches: query.is_none().then(|| Arc::new(IdSet::default())),
            query,
            fields,
            error: None,
        },
        Err(err) => Series {
            text: text.to_owned(),
            error: Some(err.to_string()),
            ..Series::default()
        },
    }
}

/// The articles series `series` counts: its words' matches (every article when it has only
/// field terms) that its field terms accept.
fn series_matches(
    series: &Series,
    articles: &[Article],
    marks: &super::marks_state::MarksState,
    bound: usize,
) -> IdSet {
    let Some(found) = &series.matches else {
        return IdSet::with_bound(bound);
    };
    let all;
    let found: &IdSet = if series.query.is_none() {
        all = IdSet::full(articles.len());
        &all
    } else {
        found
    };
    if series.fields.is_empty() {
        return found.clone();
    }
    let kept = found.iter().filter(|&id| {
        articles.get(id as usize).is_some_and(|a| {
            let tags = marks.mark_of(id).map(|m| &m.tags);
            series.fields.accepts(a, tags)
        })
    });
    IdSet::of(articles.len(), kept.collect::<Vec<ArticleId>>())
}

/// The `n` outlets with the most articles in `base`, with their articles. Spellings of one
/// outlet are grouped as in the Source facet and the `source:` search term (`Coastal Herald`,
/// `coastal-herald`), under the spelling most of its articles use.
fn top_sources(articles: &[Article], base: &IdSet, n: usize) -> Vec<(String, Vec<ArticleId>)> {
    use std::collections::HashMap;
    let mut by_outlet: HashMap<String, (HashMap<&str, usize>, Vec<ArticleId>)> = HashMap::new();
    for id in base.iter() {
        if let Some(article) = articles.get(id as usize) {
            let source = article.source();
            let (spellings, ids) = by_outlet
                .entry(crate::corpus::facets::outlet_key(source))
                .or_default();
            *spellings.entry(source).or_default() += 1;
            ids.push(id);
        }
    }
    let mut outlets: Vec<(String, Vec<ArticleId>)> = by_outlet
        .into_values()
        .map(|(spellings, ids)| {
            let name = spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                .map_or_else(String::new, |(s, _)| s.to_owned());
            (name, ids)
        })
        .collect();
    outlets.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    outlets.truncate(n);
    outlets
}

/// Find the articles of each query: through the index (its documents matched with the
/// articles once, or with `lookup` when it is of this index), or by reading every article when
/// there is no index.
fn match_queries(
    root: &std::path::Path,
    articles: &Arc<Vec<Article>>,
    index: Option<Arc<SearchIndex>>,
    lookup: Option<Arc<ArticleLookup>>,
    wanted: &[(String, Query)],
) -> (Option<Arc<ArticleLookup>>, Matched) {
    let Some(index) = index else {
        let matched = wanted
            .iter()
            .map(|(text, query)| {
                let found = crate::search::search_corpus(
                    root,
                    articles,
                    None,
                    query,
                    &|| false,
                    &mut |_| {},
                    &mut |_, _| {},
                )
                .map(|results| Arc::new(results.matching_ids()))
                .map_err(|e| e.to_string());
                (text.clone(), found)
            })
            .collect();
        return (None, matched);
    };
    let lookup = match lookup.filter(|l| l.articles() == articles.len()) {
        Some(lookup) => lookup,
        None => match ArticleLookup::new(&index, articles) {
            Ok(lookup) => Arc::new(lookup),
            Err(err) => {
                let failed = wanted
                    .iter()
                    .map(|(t, _)| (t.clone(), Err(err.to_string())));
                return (None, failed.collect());
            }
        },
    };
    let matched = wanted
        .iter()
        .map(|(text, query)| {
            let found = lookup.matching(&index, query);
            (text.clone(), found.map(Arc::new).map_err(|e| e.to_string()))
        })
        .collect();
    (Some(lookup), matched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_picture_is_written_as_a_png_that_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chart.png");
        let pixels: Vec<egui::Color32> = (0..6u8)
            .map(|i| egui::Color32::from_rgb(i * 40, 255 - i * 30, i))
            .collect();
        let image = egui::ColorImage::new([3, 2], pixels.clone());
        write_png(&path, &image).unwrap();
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buffer).unwrap();
        assert_eq!((info.width, info.height), (3, 2));
        let expected: Vec<u8> = pixels.iter().flat_map(|p| p.to_array()).collect();
        assert_eq!(&buffer[..info.buffer_size()], expected.as_slice());
    }
}
