//! Benchmarks: scanning a generated folder, and sorting and filtering a million records.
//!
//! `cargo bench --bench scan` (a few minutes on two cores; sample counts are kept small).

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use corpus_explorer::corpus::filter::filter_ids;
use corpus_explorer::corpus::sort::sort_ids;
use corpus_explorer::corpus::{Article, ScanEvent, ScanOptions, scan_folder, start_scan};
use corpus_explorer::corpus::{DateFilter, SortColumn, SortOrder};
use criterion::{BatchSize, Criterion};

#[path = "support/corpus_gen.rs"]
mod corpus_gen;
#[path = "support/synthetic.rs"]
mod synthetic;

use corpus_explorer::corpus::facets::{Facet, FacetColumn};
use synthetic::synthetic_articles;

const SCANNED_ARTICLES: u64 = 10_000;
const SYNTHETIC_RECORDS: u64 = 1_000_000;
const FIRST_ROWS_ARTICLES: u64 = 100_000;

fn main() -> anyhow::Result<()> {
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();

    bench_scan(&mut criterion)?;
    bench_formats(&mut criterion)?;
    bench_first_rows(&mut criterion)?;
    bench_query(&mut criterion);

    criterion.final_summary();
    Ok(())
}

/// (a) `scan_folder` of a generated 10,000-article corpus, page cache warm.
fn bench_scan(c: &mut Criterion) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let generated = corpus_gen::generate(dir.path(), SCANNED_ARTICLES, 1, 0)?;
    // Warm the page cache (and check the scan once).
    let corpus = scan_folder(dir.path())?;
    anyhow::ensure!(
        corpus.articles.len() as u64 == generated.files,
        "scanned {} articles out of {} files",
        corpus.articles.len(),
        generated.files
    );
    let memory: usize = corpus.articles.iter().map(Article::memory_bytes).sum();
    eprintln!(
        "scan: {} articles ({} bytes in {} folders); memory_bytes() averages {:.1} bytes per \
         article (size_of::<Article>() = {})",
        corpus.articles.len(),
        generated.bytes,
        generated.folders,
        memory as f64 / corpus.articles.len().max(1) as f64,
        std::mem::size_of::<Article>(),
    );
    drop(corpus);

    let mut group = c.benchmark_group("scan");
    group.sample_size(10);
    group.bench_function("scan_folder_10k_articles", |b| {
        b.iter(|| scan_folder(black_box(dir.path())));
    });
    group.finish();
    Ok(())
}

/// Every `.txt` file under `dir`, recursively, in path order.
fn text_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::path);
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            text_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    Ok(())
}

/// (d) The same 10,000 articles as plain-text files, as one JSON Lines file and as one CSV
/// file: scan throughput per byte of each (criterion prints MiB/s).
fn bench_formats(c: &mut Criterion) -> anyhow::Result<()> {
    let plain = tempfile::tempdir()?;
    corpus_gen::generate(plain.path(), SCANNED_ARTICLES, 1, 0)?;
    let mut files = Vec::new();
    text_files(plain.path(), &mut files)?;
    let jsonl_dir = tempfile::tempdir()?;
    let csv_dir = tempfile::tempdir()?;
    let mut jsonl = std::io::BufWriter::new(std::fs::File::create(
        jsonl_dir.path().join("articles.jsonl"),
    )?);
    let mut csv = csv::Writer::from_path(csv_dir.path().join("articles.csv"))?;
    csv.write_record(["title", "date", "outlet", "text"])?;
    for path in &files {
        let text = std::fs::read_to_string(path)?;
        let (first, body) = text.split_once('\n').unwrap_or((&text, ""));
        let first = first.trim_start();
        let (date, title) = match first.strip_prefix("date ") {
            Some(rest) => (
                rest.get(..10).unwrap_or_default(),
                rest.get(11..).unwrap_or_default(),
            ),
            None => ("", first),
        };
        let outlet = path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        serde_json::to_writer(
            &mut jsonl,
            &serde_json::json!({"title": title, "date": date, "outlet": outlet, "text": body}),
        )?;
        std::io::Write::write_all(&mut jsonl, b"\n")?;
        csv.write_record([title, date, outlet.as_str(), body])?;
    }
    std::io::Write::flush(&mut jsonl)?;
    drop(jsonl);
    csv.flush()?;
    drop(csv);
    let size = |dir: &std::path::Path| -> anyhow::Result<u64> {
        let mut all = Vec::new();
        text_files(dir, &mut all)?;
        let mut total: u64 = all
            .iter()
            .filter_map(|p| p.metadata().ok())
            .map(|m| m.len())
            .sum();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "jsonl" || e == "csv") {
                total += path.metadata()?.len();
            }
        }
        Ok(total)
    };
    let mut group = c.benchmark_group("formats_10k");
    group.sample_size(10);
    for (name, dir) in [
        ("plain_text_files", plain.path()),
        ("one_jsonl_file", jsonl_dir.path()),
        ("one_csv_file", csv_dir.path()),
    ] {
        let corpus = scan_folder(dir)?; // warm the page cache and check
        anyhow::ensure!(
            corpus.articles.len() as u64 == SCANNED_ARTICLES,
            "{name}: {} articles",
            corpus.articles.len()
        );
        let bytes = size(dir)?;
        eprintln!("{name}: {bytes} bytes");
        group.throughput(criterion::Throughput::Bytes(bytes));
        group.bench_function(name, |b| b.iter(|| scan_folder(black_box(dir))));
    }
    group.finish();
    Ok(())
}

/// (c) How soon the first rows arrive: from starting a scan of a 100,000-article folder to the
/// first batch of records (what the window shows first). The rest of the scan is cancelled.
fn bench_first_rows(c: &mut Criterion) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    corpus_gen::generate(dir.path(), FIRST_ROWS_ARTICLES, 1, 0)?;
    scan_folder(dir.path())?; // warm the page cache
    let mut group = c.benchmark_group("open");
    group.sample_size(20);
    group.bench_function("first_rows_of_100k_articles", |b| {
        b.iter(|| {
            let handle = start_scan(dir.path(), ScanOptions::default()).ok()?;
            let first = handle.receiver().iter().find_map(|event| match event {
                ScanEvent::Batch { articles, .. } if !articles.is_empty() => Some(articles.len()),
                ScanEvent::Batch { .. } => None,
                ScanEvent::Finished(_) => Some(0),
            });
            handle.cancel();
            first
        });
    });
    group.finish();
    Ok(())
}

/// (b) `sort_ids` by date, title and words, and `filter_ids` for one year, over a million records.
fn bench_query(c: &mut Criterion) {
    let articles = synthetic_articles(SYNTHETIC_RECORDS);
    let memory: usize = articles.iter().map(Article::memory_bytes).sum();
    eprintln!(
        "query: {} synthetic records, memory_bytes() averages {:.1} bytes per record",
        articles.len(),
        memory as f64 / articles.len().max(1) as f64
    );
    // The table starts in path order, as a finished scan leaves it.
    let ids: Vec<u32> = (0..articles.len() as u32).collect();

    let mut group = c.benchmark_group("query_1m");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(6));
    for (name, column) in [
        ("date", SortColumn::Date),
        ("title", SortColumn::Title),
        ("words", SortColumn::Words),
    ] {
        let order = SortOrder {
            column,
            descending: false,
        };
        group.bench_function(format!("sort_ids_{name}"), |b| {
            b.iter_batched_ref(
                || ids.clone(),
                |ids| sort_ids(black_box(&articles), ids, order),
                BatchSize::LargeInput,
            );
        });
    }
    let filter = DateFilter {
        from: NaiveDate::from_ymd_opt(2015, 1, 1),
        to: NaiveDate::from_ymd_opt(2015, 12, 31),
        include_undated: false,
    };
    group.bench_function("filter_ids_one_year", |b| {
        b.iter(|| filter_ids(black_box(&articles), &filter));
    });
    // Facet counts after a filter change: every facet's values counted over the rows shown.
    let started = std::time::Instant::now();
    let columns: Vec<FacetColumn> = Facet::ALL
        .iter()
        .map(|&facet| FacetColumn::build(&articles, facet))
        .collect();
    eprintln!(
        "query: the {} facet columns of {} records built in {:?} ({} sources)",
        columns.len(),
        articles.len(),
        started.elapsed(),
        columns.first().map_or(0, |c| c.values.len())
    );
    let one_year = filter_ids(&articles, &filter);
    for (name, shown) in [
        ("facet_counts_all", &ids),
        ("facet_counts_one_year", &one_year),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                columns
                    .iter()
                    .map(|column| column.count(black_box(shown)))
                    .collect::<Vec<_>>()
            });
        });
    }
    // What the window does after a change when values are chosen: narrow the rows by the
    // choices (two sources, one folder) and count every facet over what the others let through.
    let refs: Vec<&FacetColumn> = columns.iter().collect();
    let mut chosen: Vec<Vec<u32>> = vec![Vec::new(); refs.len()];
    chosen[0] = vec![0, 1];
    chosen[4] = vec![0];
    group.bench_function("facet_narrow_and_count_all", |b| {
        b.iter(|| {
            let mut shown = ids.clone();
            corpus_explorer::corpus::facets::narrow(&refs, &chosen, black_box(&mut shown))
        });
    });
    group.finish();
}
