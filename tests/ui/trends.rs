//! The timeline's query series: added through their field, counted per month against a
//! brute-force count of the same articles (the date range applies, the search does not), the
//! share toggle, a click on a point filtering the table to that period and query, removing a
//! series, and the series exported with the command's columns.

use super::*;
use egui_kittest::kittest::NodeT as _;

/// Seven dated articles over five months (none in March) and one undated:
/// (headline, date, source, text).
const STORIES: [(&str, &str, &str, &str); 8] = [
    (
        "Ferry Fares Rise",
        "2023-01-10",
        "alpha.example",
        "The harbour ferry fares rise.",
    ),
    (
        "Wall Mended",
        "2023-01-20",
        "beta.example",
        "Workers mended the harbour wall.",
    ),
    (
        "Storm Closes Ferry",
        "2023-02-12",
        "alpha.example",
        "A storm shut the harbour.",
    ),
    (
        "School Roof Fixed",
        "2023-02-13",
        "beta.example",
        "The school roof was fixed.",
    ),
    (
        "Council Votes",
        "2023-04-14",
        "alpha.example",
        "The council funds the harbour.",
    ),
    (
        "Market Day",
        "2023-05-15",
        "beta.example",
        "Market day by the harbour ferry.",
    ),
    (
        "New Timetable",
        "2023-05-16",
        "beta.example",
        "The ferry timetable changes.",
    ),
    (
        "Undated Note",
        "",
        "beta.example",
        "A ferry note with no date.",
    ),
];

fn stories_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = STORIES
        .iter()
        .map(|(title, date, source, text)| {
            let mut story = serde_json::json!({"title": title, "source_domain": source,
                "maintext": text});
            if !date.is_empty() {
                story["date_publish"] = serde_json::json!(date);
            }
            story.to_string()
        })
        .collect();
    std::fs::write(dir.path().join("feed.jsonl"), lines.join("\n") + "\n").unwrap();
    dir
}

/// Per month from January to May 2023: the dated stories in `months` (1-based) and, of them,
/// those holding `word` (title or text), by brute force.
fn brute_month_counts(word: &str, months: std::ops::RangeInclusive<u32>) -> (Vec<u32>, Vec<u32>) {
    let mut articles = vec![0; 5];
    let mut matching = vec![0; 5];
    for (title, date, _, text) in STORIES {
        let Ok(date) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
            continue;
        };
        if !months.contains(&date.month()) {
            continue;
        }
        let at = date.month0() as usize;
        articles[at] += 1;
        let words = format!("{title} {text}").to_lowercase();
        if words
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == word)
        {
            matching[at] += 1;
        }
    }
    (articles, matching)
}

/// Step until every series has its articles and its counts.
fn settle_trends(h: &mut Harness<'static, CorpusWindow>) {
    let started = Instant::now();
    loop {
        h.step();
        let trends = &h.state().state().trends;
        if trends.settled() && !trends.matching && !trends.stale {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the series were not counted"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_steps(2);
}

/// Type `query` into the series' field and press Enter.
fn add_series(h: &mut Harness<'static, CorpusWindow>, query: &str) {
    let field = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .find(|n| n.accesskit_node().placeholder() == Some("add a query"))
        .expect("the series' field");
    field.click();
    h.step();
    let field = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .find(|n| n.accesskit_node().placeholder() == Some("add a query"))
        .unwrap();
    field.type_text(query);
    h.step();
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    settle_trends(h);
}

/// A click at `pos`, then the window settled.
fn click_at(h: &mut Harness<'static, CorpusWindow>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.step();
    h.drag_at(pos);
    h.step();
    h.drop_at(pos);
    h.run_steps(2);
    settle(h);
}

/// The date range is May 2023, undated articles left out.
fn assert_may(app: &AppState) {
    assert_eq!(
        (app.settings.filter.from, app.settings.filter.to),
        (
            NaiveDate::from_ymd_opt(2023, 5, 1),
            NaiveDate::from_ymd_opt(2023, 5, 31)
        )
    );
    assert!(!app.settings.filter.include_undated);
}

/// The chart's counts: articles per month, then each series' counts.
fn chart(h: &Harness<'static, CorpusWindow>) -> (Vec<u32>, Vec<Vec<u32>>) {
    let chart = &h.state().state().trends.chart;
    (
        chart.articles.counts.clone(),
        chart.counts.iter().map(|b| b.counts.clone()).collect(),
    )
}

#[test]
fn series_count_per_period_follow_the_dates_not_the_search_and_a_point_filters() {
    let folder = stories_folder();
    let mut h = harness(Settings::default(), Some(folder.path().to_path_buf()));
    h.step();
    settle(&mut h);
    h.state_mut()
        .app_mut()
        .push(Command::ChooseTimelinePeriod(Some(Period::Month)));
    h.run_steps(2);

    add_series(&mut h, "ferry");
    add_series(&mut h, "harbour");
    assert_eq!(
        h.state().state().settings.trends.queries,
        ["ferry", "harbour"]
    );
    let (ferry_articles, ferry) = brute_month_counts("ferry", 1..=5);
    let (_, harbour) = brute_month_counts("harbour", 1..=5);
    assert_eq!(chart(&h), (ferry_articles, vec![ferry.clone(), harbour]));
    assert_eq!(
        h.state().state().trends.chart.articles.starts[0],
        NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
    );
    assert_eq!(ferry[2], 0, "March is an empty month, still a period");
    snapshot(&mut h, "trends_counts");

    // The search narrows the table, not the series.
    search_for(&mut h, "storm");
    settle_trends(&mut h);
    assert_eq!(h.state().state().view.ids.len(), 1);
    assert_eq!(chart(&h).1[0], ferry);
    search_for(&mut h, "");
    settle_trends(&mut h);

    // The date range does narrow them (February to April).
    h.state_mut().app_mut().push(Command::SetFilter(DateFilter {
        from: NaiveDate::from_ymd_opt(2023, 2, 1),
        to: NaiveDate::from_ymd_opt(2023, 4, 30),
        include_undated: false,
    }));
    settle_trends(&mut h);
    let (articles, ferry_in_range) = brute_month_counts("ferry", 2..=4);
    let (_, harbour_in_range) = brute_month_counts("harbour", 2..=4);
    assert_eq!(
        chart(&h),
        (articles, vec![ferry_in_range, harbour_in_range])
    );
    h.state_mut()
        .app_mut()
        .push(Command::SetFilter(DateFilter::default()));
    settle_trends(&mut h);

    // Share: each count over its month's articles (0 in an empty month).
    h.get_by_label("Share").click();
    h.run_steps(2);
    settle_trends(&mut h);
    let app = h.state().state();
    assert!(app.settings.trends.share);
    let trends = &app.trends.chart;
    let (articles, ferry) = brute_month_counts("ferry", 1..=5);
    for month in 0..5 {
        let expected = if articles[month] == 0 {
            0.0
        } else {
            f64::from(ferry[month]) / f64::from(articles[month])
        };
        assert!((trends.share_at(0, month) - expected).abs() < 1e-12);
    }
    snapshot(&mut h, "trends_share");

    // A click on ferry's May point: May, and the search "ferry".
    let point = h.state().series_point(0, 4).expect("May's point is drawn");
    click_at(&mut h, point);
    let app = h.state().state();
    assert_eq!(app.search.query_text, "ferry");
    assert_may(app);
    let mut shown = titles(app);
    shown.sort();
    assert_eq!(shown, ["Market Day", "New Timetable"]);

    // Export: the command's columns and numbers.
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("series.csv");
    h.state_mut()
        .app_mut()
        .push(Command::SetFilter(DateFilter::default()));
    settle_trends(&mut h);
    h.state_mut()
        .app_mut()
        .push(Command::ExportTrendsTo(path.clone()));
    let started = Instant::now();
    while !path.exists() || std::fs::read_to_string(&path).unwrap().lines().count() < 6 {
        assert!(started.elapsed() < Duration::from_secs(10), "no export");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_steps(2);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("period,articles,count:ferry,share:ferry,count:harbour,share:harbour")
    );
    assert_eq!(lines.next(), Some("2023-01-01,2,1,0.5,2,1"));
    assert_eq!(lines.nth(1), Some("2023-03-01,0,0,0,0,0"));

    // Removing a series: its chip's button.
    h.get_all_by_label("x").next().unwrap().click();
    h.run_steps(2);
    settle_trends(&mut h);
    let app = h.state().state();
    assert_eq!(app.settings.trends.queries, ["harbour"]);
    assert_eq!(app.trends.chart.counts.len(), 1);
    assert_eq!(
        app.trends.chart.counts[0].counts,
        brute_month_counts("harbour", 1..=5).1
    );
}

#[test]
fn by_outlet_draws_one_chart_per_source_with_the_query_counts() {
    let folder = stories_folder();
    let mut h = harness(Settings::default(), Some(folder.path().to_path_buf()));
    h.step();
    settle(&mut h);
    h.state_mut()
        .app_mut()
        .push(Command::ChooseTimelinePeriod(Some(Period::Month)));
    add_series(&mut h, "harbour");
    h.get_by_label("By outlet").click();
    h.run_steps(2);
    settle_trends(&mut h);
    let app = h.state().state();
    let charts = &app.trends.by_source;
    let names: Vec<&str> = charts.iter().map(|c| c.source.as_str()).collect();
    // Most articles first (the undated one counts: it passes the filters).
    assert_eq!(names, ["beta.example", "alpha.example"]);
    let beta = &charts[0].trends;
    assert_eq!(beta.articles.counts, [1, 1, 0, 0, 2]);
    assert_eq!(beta.counts[0].counts, [1, 0, 0, 0, 1]);
    let alpha = &charts[1].trends;
    assert_eq!(alpha.counts[0].counts, [1, 1, 0, 1, 0]);
    // A click on beta's May: May, harbour, beta only.
    let chart = h.get_by_label_contains("beta.example (5)").rect();
    let may = egui::pos2(
        chart.left() + 4.0 + (chart.width() - 8.0) * 4.5 / 5.0,
        chart.center().y,
    );
    click_at(&mut h, may);
    let app = h.state().state();
    assert_eq!(app.search.query_text, "harbour source:\"beta.example\"");
    assert_may(app);
    assert_eq!(titles(app), ["Market Day"]);
}

#[test]
fn the_chart_is_saved_as_a_picture_of_the_chart() {
    let folder = stories_folder();
    let mut h = harness(Settings::default(), Some(folder.path().to_path_buf()));
    h.step();
    settle(&mut h);
    add_series(&mut h, "ferry");
    let rect = h
        .state()
        .state()
        .trends
        .chart_rect
        .expect("the chart is drawn");
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("timeline.png");
    h.state_mut()
        .app_mut()
        .push(Command::ExportChartTo(path.clone()));
    let started = Instant::now();
    while !matches!(
        &h.state().state().notice,
        Some(corpus_explorer::app::Notice::Exported { .. })
    ) {
        assert!(started.elapsed() < Duration::from_secs(20), "no picture");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let ppp = h.ctx.pixels_per_point();
    assert_eq!(
        (info.width, info.height),
        (
            (rect.width() * ppp).round() as u32,
            (rect.height() * ppp).round() as u32
        )
    );
    // The series' colour is in it (its line and points).
    let dark = h.ctx.global_style().visuals.dark_mode;
    let want = corpus_explorer::ui::series_color(0, dark);
    let found = pixels[..info.buffer_size()]
        .chunks(4)
        .filter(|p| {
            p[..3]
                .iter()
                .zip(want.to_array())
                .all(|(a, b)| a.abs_diff(b) <= 8)
        })
        .count();
    assert!(found > 20, "{found} pixels of the series' colour");
}
