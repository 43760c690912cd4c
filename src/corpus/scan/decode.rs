//! Deciding how a file's bytes are text, and decoding them.
//!
//! The rules, in order:
//! 1. A byte-order mark decides: UTF-8, UTF-16LE or UTF-16BE.
//! 2. Without one, NUL bytes mean binary data, unless they fall in the pattern of UTF-16 text
//!    (every other byte zero), which is then read as UTF-16 without a mark.
//! 3. Valid UTF-8 is UTF-8. Text that is mostly UTF-8 with a few broken bytes stays UTF-8 (the
//!    broken bytes become U+FFFD) rather than turning every accent into mojibake.
//! 4. Anything else is a legacy 8-bit or East-Asian encoding: `chardetng` (the detector Firefox
//!    uses) names it; for Western European text that is Windows-1252.
//!
//! Only a sample from the start of a file decides, so a huge file is never read whole for this.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How many bytes from the start of a file decide its encoding.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// What the sample says the bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    /// Text in this encoding, with a byte-order mark of `bom_len` bytes to skip.
    Text {
        /// The encoding to decode with.
        encoding: &'static Encoding,
        /// Length of the byte-order mark at the start (0 when there is none).
        bom_len: usize,
    },
    /// Not text: binary data.
    Binary,
}

/// Decide the encoding from the first bytes of a file. `complete` says whether `sample` is the
/// whole file (so an incomplete UTF-8 sequence at its end is an error, not a cut).
pub fn sniff(sample: &[u8], complete: bool) -> Sniffed {
    let sample = &sample[..sample.len().min(SNIFF_BYTES)];
    if let Some((encoding, bom_len)) = Encoding::for_bom(sample) {
        return Sniffed::Text { encoding, bom_len };
    }
    if memchr::memchr(0, sample).is_some() {
        return match utf16_without_bom(sample) {
            Some(encoding) => Sniffed::Text {
                encoding,
                bom_len: 0,
            },
            None => Sniffed::Binary,
        };
    }
    if looks_binary(sample) {
        return Sniffed::Binary;
    }
    let encoding = match std::str::from_utf8(sample) {
        Ok(_) => UTF_8,
        Err(err) if !complete && err.error_len().is_none() => UTF_8,
        Err(_) if mostly_utf8(sample) => UTF_8,
        Err(_) => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(sample, complete);
            detector.guess(None, chardetng::Utf8Detection::Deny)
        }
    };
    Sniffed::Text {
        encoding,
        bom_len: 0,
    }
}

/// UTF-16 without a byte-order mark: most of one byte of every pair is zero (Latin text) and
/// almost none of the other.
fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zero_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let mostly = pairs * 3 / 10;
    let hardly = pairs / 20;
    if zero_odd >= mostly && zero_even <= hardly {
        Some(UTF_16LE)
    } else if zero_even >= mostly && zero_odd <= hardly {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Control characters (other than tab, line feed, form feed, carriage return and escape) in more
/// than one byte in ten of the first 1 KiB: no text file looks like that (NUL bytes anywhere
/// in the sample are checked separately).
fn looks_binary(sample: &[u8]) -> bool {
    let head = &sample[..sample.len().min(1024)];
    let is_control = |b: u8| {
        u16::from(
            (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0c) & (b != 0x1b),
        )
    };
    let controls: u16 = head.iter().map(|&b| is_control(b)).sum();
    usize::from(controls) * 10 > head.len()
}

/// More valid multi-byte UTF-8 sequences than invalid bytes: UTF-8 with damage, not a legacy
/// encoding (where valid multi-byte sequences are rare by chance).
fn mostly_utf8(mut bytes: &[u8]) -> bool {
    let mut invalid = 0usize;
    let mut multibyte = 0usize;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(valid) => {
                multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(err) => {
                let (valid, rest) = bytes.split_at(err.valid_up_to());
                multibyte += std::str::from_utf8(valid)
                    .map_or(0, |v| v.chars().filter(|c| !c.is_ascii()).count());
                match err.error_len() {
                    Some(len) => {
                        invalid += 1;
                        bytes = rest.get(len..).unwrap_or_default();
                    }
                    None => break,
                }
            }
        }
    }
    multibyte > invalid
}

/// Decide the encoding of a whole file and decode it, validating UTF-8 only once. `None` for
/// binary data.
pub fn decode_whole(bytes: &[u8]) -> Option<(Cow<'_, str>, &'static Encoding, usize)> {
    if Encoding::for_bom(bytes).is_none()
        && memchr::memchr(0, &bytes[..bytes.len().min(SNIFF_BYTES)]).is_none()
        && !looks_binary(bytes)
        && let Ok(text) = simdutf8::basic::from_utf8(bytes)
    {
        return Some((Cow::Borrowed(text), UTF_8, 0));
    }
    match sniff(bytes, true) {
        Sniffed::Text { encoding, bom_len } => {
            Some((decode(bytes, encoding, bom_len, true), encoding, bom_len))
        }
        Sniffed::Binary => None,
    }
}

/// Decode `bytes` (the whole file, or its first part when `complete` is false) with the sniffed
/// encoding. An incomplete character at the end of a partial read is dropped, not replaced.
pub fn decode<'a>(
    bytes: &'a [u8],
    encoding: &'static Encoding,
    bom_len: usize,
    complete: bool,
) -> Cow<'a, str> {
    let bytes = bytes.get(bom_len..).unwrap_or_default();
    if complete {
        // Valid UTF-8 comes back borrowed, without a copy.
        return encoding.decode_without_bom_handling(bytes).0;
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let _ = decoder.decode_to_string(bytes, &mut text, false);
    Cow::Owned(text)
}

/// A whole text file, decoded: what the text formats split into articles.
pub(crate) struct TextFile<'a> {
    /// The text (without the byte-order mark).
    pub text: &'a str,
    /// The encoding it was decoded from.
    pub encoding: &'static encoding_rs::Encoding,
    /// Length of the byte-order mark in the file.
    pub bom_len: usize,
    /// Size of the file.
    pub size_bytes: u64,
}

impl TextFile<'_> {
    /// The byte offset in the file of each text offset in `offsets` (ascending): the text is
    /// encoded back piece by piece, so this holds for every encoding.
    pub fn byte_offsets(&self, offsets: &[usize]) -> Vec<u64> {
        let mut out = Vec::with_capacity(offsets.len());
        let mut text_at = 0;
        let mut byte_at = self.bom_len as u64;
        for &offset in offsets {
            let piece = self.text.get(text_at..offset).unwrap_or_default();
            byte_at += encoded_len(piece, self.encoding);
            text_at = offset;
            out.push(byte_at);
        }
        out
    }
}

/// The number of bytes `text` takes in `encoding`.
pub(crate) fn encoded_len(text: &str, encoding: &'static encoding_rs::Encoding) -> u64 {
    if encoding == encoding_rs::UTF_8 {
        text.len() as u64
    } else if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        text.chars().map(|c| c.len_utf16() as u64 * 2).sum()
    } else {
        encoding.encode(text).0.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoding_of(bytes: &[u8]) -> &'static str {
        match sniff(bytes, true) {
            Sniffed::Text { encoding, .. } => encoding.name(),
            Sniffed::Binary => "binary",
        }
    }

    #[test]
    fn boms_decide() {
        assert_eq!(encoding_of(b"\xEF\xBB\xBFhello"), "UTF-8");
        assert_eq!(encoding_of(b"\xFF\xFEh\0i\0"), "UTF-16LE");
        assert_eq!(encoding_of(b"\xFE\xFF\0h\0i"), "UTF-16BE");
    }

    #[test]
    fn utf16_without_bom_is_recognised_not_called_binary() {
        let le: Vec<u8> = "Harbour news today"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "Harbour news today"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(encoding_of(&le), "UTF-16LE");
        assert_eq!(encoding_of(&be), "UTF-16BE");
    }

    #[test]
    fn nul_bytes_and_control_soup_are_binary() {
        assert_eq!(
            encoding_of(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01"),
            "binary"
        );
        assert_eq!(encoding_of(&[1u8, 2, 3, 4, 5, 6, 7, 8, 65, 66]), "binary");
    }

    #[test]
    fn windows_1252_curly_quotes_and_accents() {
        let bytes = b"The caf\xe9 owner said \x93we will reopen\x94 \x96 and she did, on the quay of Saint-\xc9tienne.";
        assert_eq!(encoding_of(bytes), "windows-1252");
        let text = decode(bytes, encoding_rs::WINDOWS_1252, 0, true);
        assert!(text.contains("café"));
        assert!(text.contains("\u{201c}we will reopen\u{201d} \u{2013}"));
        assert!(text.contains("Étienne"));
    }

    #[test]
    fn utf8_with_one_broken_byte_stays_utf8() {
        let mut bytes = "Zürich, München, Genève — señor ".as_bytes().to_vec();
        bytes.push(0xff);
        assert_eq!(encoding_of(&bytes), "UTF-8");
    }

    #[test]
    fn a_cut_in_the_middle_of_a_character_is_not_an_error_for_a_partial_read() {
        let bytes = "naïve".as_bytes();
        let cut = &bytes[..3]; // "na" + first byte of "ï"
        assert_eq!(
            sniff(cut, false),
            Sniffed::Text {
                encoding: UTF_8,
                bom_len: 0
            }
        );
        assert_eq!(decode(cut, UTF_8, 0, false), "na");
    }

    #[test]
    fn bom_is_skipped_when_decoding() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc", UTF_8, 3, true), "abc");
        assert_eq!(decode(b"\xFF\xFEa\0b\0", UTF_16LE, 2, true), "ab");
    }
}
