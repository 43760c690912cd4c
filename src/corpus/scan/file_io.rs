//! Opening and reading files the way every reader here does: never waiting in `open`, reading
//! whole files into a reused buffer, and the modification time as the records keep it.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Files up to this size are read whole into a reused buffer; larger ones are streamed so
/// memory stays bounded however big the file.
pub const WHOLE_READ_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// How much to read in one call when the size of a file is not known.
const UNKNOWN_SIZE_GUESS: u64 = 64 * 1024;

/// Modification time of a file's metadata in seconds since the Unix epoch.
pub fn modified_unix_s(metadata: &std::fs::Metadata) -> Option<i64> {
    let modified = metadata.modified().ok()?;
    match modified.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).ok(),
        Err(before) => i64::try_from(before.duration().as_secs()).ok().map(|s| -s),
    }
}

/// Open a file to read it without ever waiting in `open`: a FIFO put in the place of a file
/// after the walk listed it (or after the scan, for the reader) would otherwise block the open
/// until something writes to it, hanging the scan for good. Regular files read as usual (the
/// flag only matters for FIFOs and devices); a FIFO opened this way reads as empty or fails.
pub fn open_without_waiting(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Read up to `limit` bytes of `file` into `buffer` (cleared first). `expected` is how many
/// bytes the file should give (its size, as far as known; 0 when not known): room for one byte
/// more is made first, so that a file of the expected size takes one `read` (it gives fewer
/// bytes than there was room for: the file ends there), not a series of growing reads (a small
/// file took nine). A read that gives fewer bytes before the expected size is not taken for
/// the end.
pub fn read_up_to(
    file: &mut File,
    limit: u64,
    expected: u64,
    buffer: &mut Vec<u8>,
) -> io::Result<()> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let expected = usize::try_from(expected).unwrap_or(usize::MAX);
    let mut end = expected
        .saturating_add(1)
        .min(limit)
        .min(WHOLE_READ_MAX_BYTES as usize + 1);
    buffer.clear();
    buffer.resize(end, 0);
    let mut filled = 0;
    while filled < limit {
        if filled == end {
            end = end.saturating_mul(2).max(4096).min(limit);
            buffer.resize(end, 0);
        }
        match file.read(buffer.get_mut(filled..end).unwrap_or_default()) {
            Ok(0) => break,
            Ok(n) => {
                filled += n;
                if filled < end && filled >= expected {
                    break;
                }
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    buffer.truncate(filled);
    Ok(())
}

/// Read a whole file into the start of `buffer`, usually with one `read` call: the buffer has
/// room for one byte more than the size the metadata gave (or a guess), and a regular file that
/// returns fewer bytes than asked is at its end. Returns the length read, or `None` when the
/// file turned out larger than [`WHOLE_READ_MAX_BYTES`]. The buffer keeps its length between
/// calls, so only its growth is ever zeroed.
pub fn read_whole(
    file: &mut File,
    size: Option<u64>,
    buffer: &mut Vec<u8>,
) -> io::Result<Option<usize>> {
    let want = usize::try_from(size.unwrap_or(UNKNOWN_SIZE_GUESS))
        .unwrap_or(usize::MAX)
        .min(WHOLE_READ_MAX_BYTES as usize)
        + 1;
    if buffer.len() < want {
        buffer.resize(want, 0);
    }
    let mut end = want;
    let mut filled = 0;
    loop {
        match file.read(buffer.get_mut(filled..end).unwrap_or_default()) {
            Ok(0) => break,
            Ok(n) => {
                filled += n;
                if filled < end {
                    break;
                }
                // Exactly full: the file is larger than expected; keep reading.
                if end as u64 > WHOLE_READ_MAX_BYTES {
                    return Ok(None);
                }
                end += end.min(WHOLE_READ_MAX_BYTES as usize + 1 - end).max(1);
                if buffer.len() < end {
                    buffer.resize(end, 0);
                }
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(Some(filled))
}

/// Fill `buffer` as far as the file allows; returns the bytes read (less only at the end).
pub fn read_fill(file: &mut File, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_up_to_gives_the_file_whatever_size_was_expected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let text: Vec<u8> = (0..5000u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        let mut buffer = b"left from before".to_vec();
        // The size as expected, less (the file grew), more (it shrank), unknown.
        for expected in [5000, 10, 9000, 0] {
            let mut file = File::open(&path).unwrap();
            read_up_to(&mut file, 1 << 20, expected, &mut buffer).unwrap();
            assert_eq!(buffer, text, "expected {expected}");
            assert!(buffer.capacity() > expected.min(1 << 20) as usize);
        }
        // The limit cuts the file, whatever was expected.
        for expected in [5000, 10, 0] {
            let mut file = File::open(&path).unwrap();
            read_up_to(&mut file, 100, expected, &mut buffer).unwrap();
            assert_eq!(buffer, text[..100], "expected {expected}");
        }
        // No limit to speak of.
        let mut file = File::open(&path).unwrap();
        read_up_to(&mut file, u64::MAX, 0, &mut buffer).unwrap();
        assert_eq!(buffer, text);
        // A file read from the middle (the rest of it).
        let mut file = File::open(&path).unwrap();
        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(4990)).unwrap();
        read_up_to(&mut file, 1 << 20, 10, &mut buffer).unwrap();
        assert_eq!(buffer, text[4990..]);
    }
}
