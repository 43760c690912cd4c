//! The catalog's bytes: variable-length integers and length-prefixed strings, read back with
//! every length checked, so that a damaged file is an error and never a panic or a huge
//! allocation.

/// A catalog that cannot be read: damaged, cut short, or not a catalog.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Damaged(pub String);

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    /// The bytes so far.
    pub bytes: Vec<u8>,
}

impl Writer {
    /// An unsigned integer in 7-bit groups, low first (LEB128).
    pub fn u64(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    /// A signed integer, zig-zag coded so that small negatives stay short.
    pub fn i64(&mut self, value: i64) {
        self.u64(((value << 1) ^ (value >> 63)) as u64);
    }

    /// One byte.
    pub fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    /// Bytes with their length first.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.u64(bytes.len() as u64);
        self.bytes.extend_from_slice(bytes);
    }

    /// A string with its length first.
    pub fn str(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    /// An optional string: a presence byte, then the string.
    pub fn opt_str(&mut self, text: Option<&str>) {
        match text {
            Some(text) => {
                self.u8(1);
                self.str(text);
            }
            None => self.u8(0),
        }
    }
}

/// Reads values back, failing on anything out of bounds.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    /// True when every byte has been read.
    pub fn at_end(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn cut(&self, what: &str) -> Damaged {
        Damaged(format!("cut short in {what} at byte {}", self.at))
    }

    /// One byte.
    pub fn u8(&mut self, what: &str) -> Result<u8, Damaged> {
        let byte = *self.bytes.get(self.at).ok_or_else(|| self.cut(what))?;
        self.at += 1;
        Ok(byte)
    }

    /// An unsigned LEB128 integer.
    pub fn u64(&mut self, what: &str) -> Result<u64, Damaged> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8(what)?;
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Damaged(format!("an integer too long in {what}")))
    }

    /// A count of items that each take at least one byte (so a damaged count cannot ask for
    /// more memory than the file has bytes).
    pub fn count(&mut self, what: &str) -> Result<usize, Damaged> {
        let count = self.u64(what)?;
        let left = (self.bytes.len() - self.at.min(self.bytes.len())) as u64;
        if count > left {
            return Err(Damaged(format!("{what}: {count} items in {left} bytes")));
        }
        Ok(count as usize)
    }

    /// A 32-bit unsigned integer.
    pub fn u32(&mut self, what: &str) -> Result<u32, Damaged> {
        u32::try_from(self.u64(what)?).map_err(|_| Damaged(format!("{what} out of range")))
    }

    /// A zig-zag signed integer.
    pub fn i64(&mut self, what: &str) -> Result<i64, Damaged> {
        let raw = self.u64(what)?;
        Ok(((raw >> 1) as i64) ^ -((raw & 1) as i64))
    }

    /// Bytes with their length first.
    pub fn bytes(&mut self, what: &str) -> Result<&'a [u8], Damaged> {
        let len = self.u64(what)?;
        let end = usize::try_from(len)
            .ok()
            .and_then(|len| self.at.checked_add(len))
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| self.cut(what))?;
        let slice = self.bytes.get(self.at..end).ok_or_else(|| self.cut(what))?;
        self.at = end;
        Ok(slice)
    }

    /// A string with its length first.
    pub fn str(&mut self, what: &str) -> Result<&'a str, Damaged> {
        let bytes = self.bytes(what)?;
        simdutf8::basic::from_utf8(bytes).map_err(|_| Damaged(format!("{what} is not UTF-8")))
    }

    /// An optional string.
    pub fn opt_str(&mut self, what: &str) -> Result<Option<&'a str>, Damaged> {
        match self.u8(what)? {
            0 => Ok(None),
            1 => self.str(what).map(Some),
            other => Err(Damaged(format!("{what}: presence byte {other}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_as_written() {
        let mut w = Writer::default();
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            w.u64(v);
        }
        for v in [0i64, -1, 1, -64, 64, i64::MIN, i64::MAX] {
            w.i64(v);
        }
        w.str("Brücke 桥");
        w.opt_str(None);
        w.opt_str(Some(""));
        let mut r = Reader::new(&w.bytes);
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.u64("n").unwrap(), v);
        }
        for v in [0i64, -1, 1, -64, 64, i64::MIN, i64::MAX] {
            assert_eq!(r.i64("n").unwrap(), v);
        }
        assert_eq!(r.str("s").unwrap(), "Brücke 桥");
        assert_eq!(r.opt_str("o").unwrap(), None);
        assert_eq!(r.opt_str("o").unwrap(), Some(""));
        assert!(r.at_end());
    }

    #[test]
    fn lengths_past_the_end_are_errors() {
        let mut w = Writer::default();
        w.u64(1 << 40);
        assert!(Reader::new(&w.bytes).str("s").is_err());
        assert!(Reader::new(&w.bytes).count("c").is_err());
        assert!(Reader::new(&[0xFF; 11]).u64("n").is_err());
        assert!(Reader::new(&[2, 0xC3, 0x28]).str("s").is_err());
        assert!(Reader::new(&[]).u8("b").is_err());
    }
}
