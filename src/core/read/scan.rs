//! The lexical half of the [`Reader`]: strings (scanned eight bytes at a time, borrowed unless
//! escaped), escapes, numbers and literals, and skipping any value without recursion.

use std::borrow::Cow;

use super::Reader;
use crate::core::error::Error;

impl<'a> Reader<'a> {
    /// The string starting at the `"` under the reader, unescaped; borrowed when it has no escapes.
    pub(super) fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        let start = self.at + 1;
        let end = self.plain_run(start);
        match self.byte(end) {
            Some(b'"') => {
                self.at = end + 1;
                Ok(Cow::Borrowed(self.slice(start, end)))
            }
            _ => {
                self.at = end;
                let mut out = String::from(self.slice(start, end));
                self.string_rest(Some(&mut out))?;
                Ok(Cow::Owned(out))
            }
        }
    }

    /// Where the run of plain string content from `from` ends.
    fn plain_run(&self, from: usize) -> usize {
        const ONES: u64 = u64::from_ne_bytes([1; 8]);
        const HIGH_BITS: u64 = ONES << 7;
        let bytes = self.text.as_bytes();
        let mut at = from;
        // Eight bytes at a time (as serde_json does): a byte's high bit is set in `special` when
        // it is below 0x20, a quote or a backslash; the lowest one set is exactly the first such.
        while let Some(&[b0, b1, b2, b3, b4, b5, b6, b7]) = bytes.get(at..at + 8) {
            // Byte by byte, not `copy_from_slice`: that is a call to memcpy at opt-level "z".
            let word = u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7]);
            let quote = word ^ (ONES * u64::from(b'"'));
            let backslash = word ^ (ONES * u64::from(b'\\'));
            let special = ((word.wrapping_sub(ONES * 0x20) & !word)
                | (quote.wrapping_sub(ONES) & !quote)
                | (backslash.wrapping_sub(ONES) & !backslash))
                & HIGH_BITS;
            if special != 0 {
                return at + (special.trailing_zeros() / 8) as usize;
            }
            at += 8;
        }
        while let Some(&byte) = bytes.get(at) {
            if byte < 0x20 || byte == b'"' || byte == b'\\' {
                break;
            }
            at += 1;
        }
        at
    }

    /// Reads the rest of a string from the escape or end under the reader: into `out` when the
    /// string is kept, else only checked. A kept string refuses a lone surrogate, as serde_json
    /// does for strings it decodes; it checks only the hex digits of strings it skips.
    fn string_rest(&mut self, mut out: Option<&mut String>) -> Result<(), Error> {
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.at += 1;
                    let unescaped = self.escape(out.is_some())?;
                    if let Some(out) = out.as_deref_mut() {
                        out.push(unescaped);
                    }
                }
                Some(_) => return Err(self.fail(&["control character in a string"])),
                None => return Err(self.fail(&["the body ends inside a string"])),
            }
            let end = self.plain_run(self.at);
            if let Some(out) = out.as_deref_mut() {
                out.push_str(self.slice(self.at, end));
            }
            self.at = end;
        }
    }

    /// The character of the escape after a `\`. `strict`: refuse a lone surrogate.
    fn escape(&mut self, strict: bool) -> Result<char, Error> {
        let Some(kind) = self.peek() else {
            return Err(self.fail(&["the body ends inside a string"]));
        };
        self.at += 1;
        Ok(match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                if !strict {
                    return Ok(char::REPLACEMENT_CHARACTER);
                }
                match unit {
                    0xD800..=0xDBFF => {
                        if self.peek() != Some(b'\\') || self.byte(self.at + 1) != Some(b'u') {
                            return Err(self.fail(&["lone leading surrogate in a \\u escape"]));
                        }
                        self.at += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.fail(&["lone leading surrogate in a \\u escape"]));
                        }
                        let scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        char::from_u32(scalar)
                            .ok_or_else(|| self.fail(&["invalid unicode code point"]))?
                    }
                    _ => char::from_u32(unit)
                        .ok_or_else(|| self.fail(&["lone trailing surrogate in a \\u escape"]))?,
                }
            }
            _ => {
                self.at -= 1;
                return Err(self.fail(&["invalid escape in a string"]));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|byte| char::from(byte).to_digit(16))
                .ok_or_else(|| self.fail(&["invalid \\u escape (four hex digits expected)"]))?;
            value = value * 16 + digit;
            self.at += 1;
        }
        Ok(value)
    }

    /// Skips a string the reader does not keep, checking it as serde_json does.
    fn skip_string(&mut self) -> Result<(), Error> {
        self.at = self.plain_run(self.at + 1);
        self.string_rest(None)
    }

    /// Skips a JSON number, checking its form: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    pub(super) fn skip_number(&mut self) -> Result<(), Error> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.fail(&["invalid number (leading zero)"]));
                }
            }
            Some(b'1'..=b'9') => self.skip_digits(),
            _ => return Err(self.fail(&["invalid number"])),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.digits_after("invalid number (digits expected after `.`)")?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.digits_after("invalid number (digits expected in the exponent)")?;
        }
        Ok(())
    }

    fn digits_after(&mut self, reason: &'static str) -> Result<(), Error> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.fail(&[reason]));
        }
        self.skip_digits();
        Ok(())
    }

    fn skip_digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    /// Skips any JSON value (a field this client does not read), however deep, without recursion.
    pub(super) fn skip_value(&mut self) -> Result<(), Error> {
        // The open containers: `true` for an object.
        let mut open: Vec<bool> = Vec::new();
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'{') => {
                    self.at += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.at += 1;
                    } else {
                        open.push(true);
                        self.skip_member_key()?;
                        continue;
                    }
                }
                Some(b'[') => {
                    self.at += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.at += 1;
                    } else {
                        open.push(false);
                        continue;
                    }
                }
                Some(b'"') => self.skip_string()?,
                Some(b'-' | b'0'..=b'9') => self.skip_number()?,
                Some(b't') => self.literal("true")?,
                Some(b'f') => self.literal("false")?,
                Some(b'n') => self.literal("null")?,
                _ => return Err(self.type_error("a value")),
            }
            // A value is complete: close what it completes, or move to the next element.
            loop {
                let Some(&is_object) = open.last() else {
                    return Ok(());
                };
                self.skip_whitespace();
                match (self.peek(), is_object) {
                    (Some(b','), true) => {
                        self.at += 1;
                        self.skip_whitespace();
                        self.skip_member_key()?;
                        break;
                    }
                    (Some(b','), false) => {
                        self.at += 1;
                        break;
                    }
                    (Some(b'}'), true) | (Some(b']'), false) => {
                        self.at += 1;
                        open.pop();
                    }
                    (_, true) => return Err(self.fail(&["expected `,` or `}` in an object"])),
                    (_, false) => return Err(self.fail(&["expected `,` or `]` in an array"])),
                }
            }
        }
    }

    /// In a skipped object: the key and its colon.
    fn skip_member_key(&mut self) -> Result<(), Error> {
        if self.peek() != Some(b'"') {
            return Err(self.fail(&["expected a key in double quotes"]));
        }
        self.skip_string()?;
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.fail(&["expected `:` after a key"]));
        }
        self.at += 1;
        Ok(())
    }

    pub(super) fn literal(&mut self, word: &'static str) -> Result<(), Error> {
        if self.text.as_bytes()[self.at.min(self.text.len())..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.fail(&["invalid literal (expected `", word, "`)"]))
        }
    }
}
