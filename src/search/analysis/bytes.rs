//! The byte-level walk under the analyzer's quick path: where a word ends, which bytes are
//! ASCII letters and digits (eight at a time, and as bits of a 64-byte block), and which
//! characters are CJK.

/// True for a character of the scripts written without spaces between words: Han ideographs,
/// Hiragana, Katakana, and (as Lucene's CJK analyzer does) Hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x11FF        // Hangul Jamo
            | 0x3040..=0x30FF  // Hiragana, Katakana
            | 0x3130..=0x318F  // Hangul compatibility Jamo
            | 0x31F0..=0x31FF  // Katakana phonetic extensions
            | 0x3400..=0x4DBF  // CJK extension A
            | 0x4E00..=0x9FFF  // CJK unified ideographs
            | 0xAC00..=0xD7AF  // Hangul syllables
            | 0xF900..=0xFAFF  // CJK compatibility ideographs
            | 0xFF66..=0xFF9F  // halfwidth Katakana
            | 0x20000..=0x3FFFF // CJK extensions B and later
    )
}

/// Where the word going on at byte `at` of `text` (a character boundary) ends: it goes on over
/// letters and digits other than CJK. And whether it is all ASCII from `at` on.
pub(super) fn word_end(text: &str, mut at: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut ascii = true;
    loop {
        // ASCII letters and digits eight at a time, while the text has eight bytes more.
        while let Some(eight) = bytes.get(at..at + 8).and_then(|b| b.try_into().ok()) {
            let others = not_ascii_alphanumeric(u64::from_le_bytes(eight));
            if others != 0 {
                at += (others.trailing_zeros() / 8) as usize;
                break;
            }
            at += 8;
        }
        match bytes.get(at) {
            Some(b) if b.is_ascii_alphanumeric() => at += 1,
            Some(b) if !b.is_ascii() => {
                let c = char_at(text, at);
                if !c.is_alphanumeric() || is_cjk(c) {
                    break;
                }
                ascii = false;
                at += c.len_utf8();
            }
            _ => break,
        }
    }
    (at, ascii)
}

/// Which bytes of a text are ASCII letters and digits and which are not ASCII, as bits, for
/// the block of 64 bytes last looked at: a word's end and the next word's start are then found
/// with a shift and a count of trailing zeros, without a branch for every byte.
pub(super) struct ByteClasses<'t> {
    bytes: &'t [u8],
    /// Where the block starts (a multiple of 64; `usize::MAX` before the first).
    base: usize,
    /// Bit `i`: byte `base + i` is an ASCII letter or digit.
    alnum: u64,
    /// Bit `i`: byte `base + i` is not ASCII.
    high: u64,
}

impl<'t> ByteClasses<'t> {
    pub(super) fn new(bytes: &'t [u8]) -> Self {
        Self {
            bytes,
            base: usize::MAX,
            alnum: 0,
            high: 0,
        }
    }

    /// True when byte `at` is in the block looked at.
    fn holds(&self, at: usize) -> bool {
        at >= self.base && at - self.base < 64
    }

    /// Look at the block holding byte `at` (bytes past the text's end are neither class).
    fn load(&mut self, at: usize) {
        const TOP: u64 = 0x8080_8080_8080_8080;
        // The top bit of each byte to one bit of a byte: each lands in its own place, no carry.
        let gather = |tops: u64| (tops >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        self.base = at & !63;
        let mut block = [0u8; 64];
        let block = match self.bytes.get(self.base..self.base + 64) {
            Some(whole) => whole,
            None => {
                let part = self.bytes.get(self.base..).unwrap_or_default();
                block[..part.len()].copy_from_slice(part);
                &block[..]
            }
        };
        let (mut alnum, mut high) = (0, 0);
        for (lane, eight) in (0..).zip(block.chunks_exact(8)) {
            let word = u64::from_le_bytes(eight.try_into().unwrap_or_default());
            let others = not_ascii_alphanumeric(word);
            alnum |= gather(!others & TOP) << (8 * lane);
            high |= gather(word & TOP) << (8 * lane);
        }
        self.alnum = alnum;
        self.high = high;
    }

    /// The first byte from `at` that is an ASCII letter or digit or not ASCII (the text's
    /// length if none).
    pub(super) fn next_word_byte(&mut self, at: usize) -> usize {
        self.first_from(at, |classes| classes.alnum | classes.high)
    }

    /// The first byte from `at` that is not an ASCII letter or digit (the text's length if
    /// none).
    pub(super) fn ascii_word_end(&mut self, at: usize) -> usize {
        // Bytes past the text's end are not letters: the first of them is the text's length.
        self.first_from(at, |classes| !classes.alnum)
    }

    /// The first byte from `at` whose bit is set in `bits` of its block (the text's length if
    /// none).
    #[inline]
    fn first_from(&mut self, mut at: usize, bits: impl Fn(&Self) -> u64) -> usize {
        while at < self.bytes.len() {
            if !self.holds(at) {
                self.load(at);
            }
            let ahead = bits(self) >> (at - self.base);
            if ahead != 0 {
                return at + ahead.trailing_zeros() as usize;
            }
            at = self.base + 64;
        }
        self.bytes.len()
    }
}

/// The top bit of each of the eight bytes of `word` (the first the lowest) that is not an
/// ASCII letter or digit: [`u8::is_ascii_alphanumeric`] for eight bytes at once, with no
/// carry from one byte into the next.
fn not_ascii_alphanumeric(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOP: u64 = 0x80 * ONES;
    let low = word & !TOP;
    // Per byte, of its low seven bits x: the top bit of (x | 0x80) - lo is set when x >= lo,
    // that of (hi | 0x80) - x when x <= hi.
    let at_least = |x: u64, lo: u64| ((x | TOP) - lo * ONES) & TOP;
    let at_most = |x: u64, hi: u64| (((hi | 0x80) * ONES) - x) & TOP;
    let digit = at_least(low, 0x30) & at_most(low, 0x39);
    let folded = low | (0x20 * ONES);
    let letter = at_least(folded, 0x61) & at_most(folded, 0x7a);
    !((digit | letter) & !word) & TOP
}

/// The character that starts at byte `at` of `text` (a character boundary).
pub(super) fn char_at(text: &str, at: usize) -> char {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_bytes_at_once_are_letters_and_digits_where_each_byte_is() {
        // Every byte value at every place, among bytes of every kind.
        let fill = [
            b'a', b'Z', b'0', b' ', b'@', b'[', b'`', b'{', 0x80, 0xff, b'/', b':',
        ];
        for value in 0..=255u8 {
            for place in 0..8 {
                for &other in &fill {
                    let mut eight = [other; 8];
                    eight[place] = value;
                    let expected = eight.iter().enumerate().fold(0u64, |mask, (i, b)| {
                        mask | if b.is_ascii_alphanumeric() {
                            0
                        } else {
                            0x80 << (8 * i)
                        }
                    });
                    let got = not_ascii_alphanumeric(u64::from_le_bytes(eight));
                    assert_eq!(got, expected, "{eight:?}");
                }
            }
        }
    }
}
