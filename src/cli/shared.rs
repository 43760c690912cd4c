//! What the subcommands share: reading dates from flags, and ending their output.

use std::path::Path;

use chrono::NaiveDate;

use crate::corpus::ScanOptions;
use crate::corpus::catalog::{self, Opened, Use};

/// Open `folder` through its catalog (or read every file with `rescan`); a catalog on disk
/// that could not be used is logged as a warning (and replaced).
pub fn open_corpus(folder: &Path, rescan: bool) -> anyhow::Result<Opened> {
    let path = catalog::default_path_for(folder);
    let mode = if rescan { Use::Rescan } else { Use::Catalog };
    let opened = catalog::open_folder(
        folder,
        path.as_deref(),
        mode,
        ScanOptions::default(),
        &|_, _| {},
    )?;
    Ok(opened)
}

/// Parse a `YYYY-MM-DD` date given for `flag`.
pub fn parse_day(flag: &str, text: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        anyhow::anyhow!("invalid date for {flag}: {text:?} (expected YYYY-MM-DD, e.g. 2024-04-17)")
    })
}

/// The end of a command's output: a closed pipe (`| head`) is not an error worth a message.
pub fn ignore_closed_pipe(result: std::io::Result<()>) -> anyhow::Result<()> {
    match result {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
