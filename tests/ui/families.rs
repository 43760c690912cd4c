//! Story families in the window: found in the background after the scan, the Family column,
//! "One per family" narrowing the table, the timeline and its series, the word statistics and
//! the facet counts alike, the family window and the side-by-side comparison of two members.

use super::*;
use corpus_explorer::app::{CentralTab, FamiliesSettings};

/// Words the generated stories are made of.
const WORDS: [&str; 48] = [
    "harbour",
    "council",
    "ferry",
    "storm",
    "market",
    "school",
    "bridge",
    "river",
    "mayor",
    "workers",
    "timber",
    "station",
    "rails",
    "budget",
    "tender",
    "crane",
    "pier",
    "tides",
    "lantern",
    "orchard",
    "granary",
    "quarry",
    "chapel",
    "meadow",
    "garrison",
    "foundry",
    "vessel",
    "cargo",
    "ledger",
    "auction",
    "parish",
    "beacon",
    "canal",
    "dockyard",
    "ferrymen",
    "mill",
    "tavern",
    "almanac",
    "citadel",
    "causeway",
    "estuary",
    "furnace",
    "gazette",
    "hamlet",
    "inlet",
    "jetty",
    "kiln",
    "lighthouse",
];

/// `n` words chosen by a small generator from `seed`: different seeds share no run of five.
fn words(seed: u64, n: usize) -> Vec<String> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            WORDS[(state % WORDS.len() as u64) as usize].to_owned()
        })
        .collect()
}

/// A plain-text article: ` date D HEADLINE`, then paragraphs of 30 words.
fn article(date: &str, headline: &str, body: &[String]) -> String {
    let paragraphs: Vec<String> = body.chunks(30).map(|c| c.join(" ") + ".").collect();
    format!(" date {date} {headline}\n\n{}\n", paragraphs.join("\n\n"))
}

/// Story A (January: an original, an identical copy and a copy with 5 words changed), story B
/// (February: an original and a copy of its first two thirds), and four articles of their
/// own (January to March). Each in its outlet's folder.
fn families_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let a = words(1, 150);
    let mut edited = a.clone();
    for at in [10, 40, 70, 100, 130] {
        edited[at] = "amended".to_owned();
    }
    let b = words(2, 150);
    let files = [
        (
            "alpha/a1.txt",
            article("2023-01-05", "Harbour Crane Collapses", &a),
        ),
        (
            "beta/a2.txt",
            article("2023-01-05", "Harbour Crane Collapses", &a),
        ),
        (
            "gamma/a3.txt",
            article("2023-01-06", "Crane Falls at the Harbour", &edited),
        ),
        (
            "alpha/b1.txt",
            article("2023-02-10", "Council Sets the Budget", &b),
        ),
        (
            "beta/b2.txt",
            article("2023-02-11", "Council Sets the Budget", &b[..100]),
        ),
        (
            "gamma/c.txt",
            article("2023-01-20", "Market Day", &words(3, 120)),
        ),
        (
            "alpha/d.txt",
            article("2023-02-02", "School Roof", &words(4, 120)),
        ),
        (
            "beta/e.txt",
            article("2023-03-03", "Ferry Timetable", &words(5, 120)),
        ),
        (
            "gamma/f.txt",
            article("2023-03-09", "Storm Warning", &words(6, 120)),
        ),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Step until the Words tab has its list for the articles shown.
fn settle_words(h: &mut Harness<'static, CorpusWindow>) {
    let started = Instant::now();
    loop {
        h.step();
        let words = &h.state().state().words;
        if !words.running && !h.state().app().words_stale() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no word list");
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_steps(2);
}

/// The series' counts per month (January to March), once counted.
fn series_counts(h: &mut Harness<'static, CorpusWindow>) -> Vec<u32> {
    // The series is made from the settings a frame after the command.
    h.run_steps(3);
    let started = Instant::now();
    loop {
        h.step();
        let trends = &h.state().state().trends;
        if !trends.series.is_empty() && trends.settled() && !trends.matching && !trends.stale {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no series");
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_steps(2);
    h.state().state().trends.chart.counts[0].counts.clone()
}

/// Every count the window shows of the articles shown: the table's rows, the timeline's bars,
/// the Source facet's values and the Words tab's articles.
fn counts(h: &mut Harness<'static, CorpusWindow>) -> [usize; 4] {
    h.state_mut()
        .app_mut()
        .push(Command::ShowTab(CentralTab::Words));
    settle_words(h);
    let app = h.state().state();
    let table = app.view.ids.len();
    let timeline: u32 = app.timeline.shown.counts.iter().sum();
    let source: u32 = app.facets.counts[0].iter().sum();
    let words = app.words.result.as_ref().unwrap().articles;
    [table, timeline as usize, source as usize, words]
}

#[test]
fn one_per_family_counts_each_story_once_in_the_table_timeline_words_and_facets() {
    let folder = families_folder();
    let mut h = harness(Settings::default(), Some(folder.path().to_path_buf()));
    h.step();
    settle(&mut h);
    let app = h.state().state();
    let corpus = app.corpus.as_ref().unwrap();
    let families = app
        .families
        .ready(&corpus.articles)
        .expect("families found");
    let mut sizes: Vec<usize> = families.iter().map(|(_, m)| m.len()).collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [2, 3]);
    let path_of = |id: u32| corpus.articles[id as usize].path.to_string();
    let (_, largest) = families.iter().next().unwrap();
    assert_eq!(
        largest.iter().map(|&id| path_of(id)).collect::<Vec<_>>(),
        ["alpha/a1.txt", "beta/a2.txt", "gamma/a3.txt"],
        "members by date, then path"
    );
    h.state_mut()
        .app_mut()
        .push(Command::ChooseTimelinePeriod(Some(Period::Month)));
    h.run_steps(2);
    assert_eq!(counts(&mut h), [9; 4], "every article before the toggle");
    // A series of story A's headlines: its three articles in January.
    h.state_mut()
        .app_mut()
        .push(Command::AddSeries("title:crane".to_owned()));
    assert_eq!(series_counts(&mut h), [3, 0, 0]);

    h.state_mut()
        .app_mut()
        .push(Command::ShowTab(CentralTab::Articles));
    h.run_steps(2);
    h.get_by_label("One per family").click();
    h.run_steps(2);
    settle(&mut h);
    assert!(h.state().state().settings.families.one_per_family);
    // Story A counts once, story B once: 9 articles, 3 later members.
    assert_eq!(counts(&mut h), [6; 4]);
    let app = h.state().state();
    assert_eq!(app.view.hidden_by_families, 3);
    let shown: Vec<String> = titles(app);
    assert_eq!(
        shown.iter().filter(|t| t.contains("Crane")).count(),
        1,
        "{shown:?}"
    );
    // January: story A once and the market; February: story B and the school; March: two.
    assert_eq!(app.timeline.shown.counts, [2, 2, 2]);
    assert_eq!(
        series_counts(&mut h),
        [1, 0, 0],
        "the series counts story A once"
    );

    // The date range narrows what one-per-family keeps, the same everywhere.
    h.state_mut().app_mut().push(Command::SetFilter(DateFilter {
        from: NaiveDate::from_ymd_opt(2023, 2, 1),
        to: NaiveDate::from_ymd_opt(2023, 3, 31),
        include_undated: false,
    }));
    h.run_steps(2);
    settle(&mut h);
    assert_eq!(counts(&mut h), [4; 4]);

    // Off again: every article counts.
    h.state_mut()
        .app_mut()
        .push(Command::SetFamiliesSettings(FamiliesSettings {
            one_per_family: false,
            ..FamiliesSettings::default()
        }));
    h.run_steps(2);
    settle(&mut h);
    assert_eq!(counts(&mut h), [5; 4]);
}

#[test]
fn the_family_column_opens_the_family_and_two_members_compare_side_by_side() {
    let folder = families_folder();
    let mut h = harness(Settings::default(), Some(folder.path().to_path_buf()));
    h.step();
    settle(&mut h);
    // The Family column: sort by it (largest first, members together), then open story A.
    h.get_by_label("Family").click();
    h.run_steps(2);
    settle(&mut h);
    let app = h.state().state();
    assert_eq!(app.families.sort, Some(true));
    assert_eq!(
        titles(app)[..3],
        [
            "Harbour Crane Collapses",
            "Harbour Crane Collapses",
            "Crane Falls at the Harbour"
        ]
    );
    h.get_all_by_label("3")
        .next()
        .expect("a family size link")
        .click();
    h.run_steps(2);
    let families = &h.state().state().families;
    assert!(families.window_open);
    assert_eq!(families.shown, Some(0));
    h.run_steps(3);
    // The edited copy (the third member) against the first.
    let compare = h
        .get_all_by_label("Compare")
        .nth(1)
        .expect("two Compare buttons");
    compare.click();
    h.run_steps(2);
    let started = Instant::now();
    while h
        .state()
        .state()
        .families
        .comparison
        .as_ref()
        .is_none_or(|c| c.diff.is_none())
    {
        assert!(started.elapsed() < Duration::from_secs(30), "no comparison");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_steps(3);
    let comparison = h.state().state().families.comparison.clone().unwrap();
    let diff = comparison.diff.unwrap().unwrap();
    // The new headline's words and the five edited words.
    let deleted: Vec<&str> = diff
        .left
        .iter()
        .filter(|p| p.changed)
        .flat_map(|p| p.text.split_whitespace())
        .collect();
    let inserted: Vec<&str> = diff
        .right
        .iter()
        .filter(|p| p.changed)
        .flat_map(|p| p.text.split_whitespace())
        .collect();
    assert_eq!(
        inserted.iter().filter(|w| w.starts_with("amended")).count(),
        5
    );
    assert_eq!(diff.deleted, deleted.len());
    assert_eq!(diff.inserted, inserted.len());
    assert!(deleted.contains(&"Collapses"), "{deleted:?}");
    assert!(inserted.contains(&"Falls"), "{inserted:?}");
    snapshot(&mut h, "family_compare");

    // Any two members: the identical copy as the left side, then the edited one against it.
    let ids_by_path = |h: &Harness<'static, CorpusWindow>, path: &str| {
        let corpus = h.state().state().corpus.as_ref().unwrap();
        corpus
            .articles
            .iter()
            .position(|a| &*a.path == path)
            .unwrap() as u32
    };
    let (copy, edited) = (
        ids_by_path(&h, "beta/a2.txt"),
        ids_by_path(&h, "gamma/a3.txt"),
    );
    h.get_all_by_role(egui::accesskit::Role::RadioButton)
        .nth(1)
        .expect("a radio button per member")
        .click();
    h.run_steps(2);
    assert_eq!(h.state().state().families.compare_with, Some(copy));
    // Compare now shows beside the first and the edited copy: the edited copy's is the second.
    h.get_all_by_label("Compare").nth(1).unwrap().click();
    h.run_steps(2);
    let comparison = h.state().state().families.comparison.clone().unwrap();
    assert_eq!((comparison.left, comparison.right), (copy, edited));
    // Closing the family window closes the comparison with it.
    h.state_mut().app_mut().push(Command::CloseFamilies);
    h.run_steps(2);
    assert!(h.state().state().families.comparison.is_none());
}
