//! The coding sheet: every article's tags and note as CSV, for a spreadsheet and back.
//! Columns `path`, `article`, `date`, `title`, `source`, `tags` (joined by `;`), `note`.
//! Reading one back merges it: its tags are added to each article's, and a note given in the
//! sheet replaces the article's note; nothing is removed.

use std::io::{self, Read, Write};

use super::attach::{find, fingerprint};
use super::model::{ArticleKey, Change, Mark, Marks, check_tag_name};
use crate::corpus::article::Article;

/// The sheet's columns, in order.
pub const SHEET_COLUMNS: [&str; 7] = ["path", "article", "date", "title", "source", "tags", "note"];

/// Write the sheet of `articles` (in path order, numbered by `numbers`) with their marks.
pub fn write_sheet<W: Write>(
    out: W,
    articles: &[Article],
    numbers: &[u32],
    marks: &Marks,
) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer
        .write_record(SHEET_COLUMNS)
        .map_err(io::Error::other)?;
    for (article, &number) in articles.iter().zip(numbers) {
        let mark = marks.get(&ArticleKey::new(article.path.to_string(), number));
        writer
            .write_record(sheet_row(article, number, mark))
            .map_err(io::Error::other)?;
    }
    writer.flush()
}

/// An article's row of a sheet, in [`SHEET_COLUMNS`] order.
pub fn sheet_row(article: &Article, number: u32, mark: Option<&Mark>) -> [String; 7] {
    [
        article.path.to_string(),
        number.to_string(),
        article.date.map(|d| d.to_string()).unwrap_or_default(),
        article.title.to_string(),
        article.source().to_owned(),
        mark.map(Mark::tags_joined).unwrap_or_default(),
        mark.map(|m| m.note.clone()).unwrap_or_default(),
    ]
}

/// Why a sheet cannot be read: the line and the reason.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct SheetError {
    /// The line (1 is the header).
    pub line: u64,
    /// What is wrong.
    pub reason: String,
}

/// Read a sheet into the changes that merge it into the marks of `articles` (in path order).
/// Any problem refuses the whole sheet: nothing is applied.
pub fn read_sheet<R: Read>(input: R, articles: &[Article]) -> Result<Vec<Change>, SheetError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let headers = reader.headers().map_err(|err| SheetError {
        line: 1,
        reason: format!("cannot read the header: {err}"),
    })?;
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let Some(path_at) = column("path") else {
        return Err(SheetError {
            line: 1,
            reason: "no `path` column (a coding sheet has path, article, date, title, source, tags, note)".to_owned(),
        });
    };
    let (article_at, tags_at, note_at) = (column("article"), column("tags"), column("note"));
    if tags_at.is_none() && note_at.is_none() {
        return Err(SheetError {
            line: 1,
            reason: "neither a `tags` nor a `note` column: nothing to read".to_owned(),
        });
    }
    let mut changes = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| SheetError {
            line: err.position().map_or(0, csv::Position::line),
            reason: err.to_string(),
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        let fail = |reason: String| SheetError { line, reason };
        let field = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or("");
        let path = field(Some(path_at));
        if path.is_empty() {
            return Err(fail("the path is empty".to_owned()));
        }
        let number = match field(article_at).trim() {
            "" => 1,
            text => text
                .parse::<u32>()
                .ok()
                .filter(|&n| n >= 1)
                .ok_or_else(|| fail(format!("article {text:?} is not a number from 1")))?,
        };
        let key = ArticleKey::new(path, number);
        let Some(id) = find(articles, &key) else {
            return Err(fail(format!("no article {key} in the folder")));
        };
        let fp = articles.get(id as usize).map_or(0, fingerprint);
        for tag in field(tags_at)
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            check_tag_name(tag).map_err(fail)?;
            changes.push(Change::Tag {
                key: key.clone(),
                fingerprint: fp,
                tag: tag.to_owned(),
                on: true,
            });
        }
        let note = field(note_at);
        if !note.trim().is_empty() {
            changes.push(Change::Note {
                key,
                fingerprint: fp,
                note: note.to_owned(),
            });
        }
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::marks::article_numbers;

    fn corpus() -> Vec<Article> {
        ["a.txt", "b.csv", "b.csv", "c.txt"]
            .into_iter()
            .map(Article::for_test)
            .collect()
    }

    #[test]
    fn a_written_sheet_reads_back_to_the_same_marks() {
        let articles = corpus();
        let numbers = article_numbers(&articles);
        let mut marks = Marks::default();
        for (id, tag) in [(0usize, "relevant"), (2, "relevant"), (2, "frame: economy")] {
            marks.apply(&Change::Tag {
                key: ArticleKey::new(articles[id].path.to_string(), numbers[id]),
                fingerprint: fingerprint(&articles[id]),
                tag: tag.to_owned(),
                on: true,
            });
        }
        marks.apply(&Change::Note {
            key: ArticleKey::new("b.csv", 2),
            fingerprint: fingerprint(&articles[2]),
            note: "quotes the minister, \"twice\"\nsee p. 2".to_owned(),
        });
        let mut sheet = Vec::new();
        write_sheet(&mut sheet, &articles, &numbers, &marks).unwrap();
        let text = String::from_utf8(sheet.clone()).unwrap();
        assert!(text.starts_with("path,article,date,title,source,tags,note\n"));
        assert!(text.contains("b.csv,2,,"), "{text}");
        assert!(text.contains("frame: economy;relevant"), "{text}");
        let mut again = Marks::default();
        for change in read_sheet(sheet.as_slice(), &articles).unwrap() {
            again.apply(&change);
        }
        assert_eq!(again.articles, marks.articles);
    }

    #[test]
    fn a_bad_line_names_itself_and_refuses_the_sheet() {
        let articles = corpus();
        let cases = [
            ("path,tags\na.txt,x\nnope.txt,x\n", 3, "no article nope.txt"),
            ("path,article,tags\nb.csv,two,x\n", 2, "not a number"),
            (
                "path,article,tags\nb.csv,3,x\n",
                2,
                "no article b.csv (article 3)",
            ),
            (
                "path,tags\na.txt,x\nc.txt,x,extra\n",
                3,
                "found record with 3 fields",
            ),
            ("title,date\nx,y\n", 1, "no `path` column"),
            ("path,title\na.txt,y\n", 1, "neither a `tags`"),
            (
                "path,tags\na.txt,ok;\"bad\tname\"\n",
                2,
                "control character",
            ),
        ];
        for (sheet, line, reason) in cases {
            let err = read_sheet(sheet.as_bytes(), &articles).unwrap_err();
            assert_eq!(err.line, line, "{sheet:?}: {err}");
            assert!(err.reason.contains(reason), "{sheet:?}: {err}");
        }
    }
}
