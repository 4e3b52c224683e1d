//! Reading the API's JSON bodies, each by a reader that knows its shape.
//!
//! Why not serde_json: in the size-tuned wasm (opt-level "z") serde_json's generic decoder, driven
//! by the derived visitors, spent 2.6–2.8× the time of `JSON.parse` on a tasks body (most of it
//! calls that opt-level "z" will not inline: a key, a colon, a string, each a few layers of generic
//! calls), and it brought float formatting and its own error machinery into every wasm that decodes
//! anything (22 KB of the npm package's 94 KB, brotli). Here a field is one key match and one scan.
//!
//! [`Reader`] is the JSON itself: strings scanned eight bytes at a time and borrowed unless
//! escaped, numbers, literals, any value skipped without recursion, and errors that name the field
//! they are in (`tasks[3].created_at`, as the derived decoders' errors did) and the line and
//! column. The shapes are beside it: [`tasks`] (the one large body), [`policies`], [`error_body`];
//! the viewer reads its two small documents with the same reader.
//!
//! Each shape accepts exactly the bodies that serde_json with the type's derived `Deserialize`
//! accepts, and reads them to the same value, with one exception: serde also reads a struct written
//! as a JSON array of its fields in order, which the API never sends. `fuzz/checks.rs` holds the
//! readers to that against serde_json, over the fuzz corpus in every `cargo test`.
//!
//! The wasm builds are tuned for size (opt-level "z"), which leaves the reader's loops and the
//! calls between its small functions as written (stable Rust has no per-function optimisation
//! level). BENCHMARKS.md has what decoding costs against `JSON.parse` in the shipped build.

pub(crate) mod error_body;
pub(crate) mod policies;
pub(crate) mod tasks;

use std::borrow::Cow;
use std::fmt::Write as _;

use super::error::Error;

/// Reads a whole body with `read`: only whitespace may follow the value it reads.
pub(crate) fn read_body<'a, T>(
    text: &'a str,
    read: impl FnOnce(&mut Reader<'a>) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut reader = Reader {
        text,
        at: 0,
        path: [Step::Open; PATH_DEPTH],
        depth: 0,
    };
    reader.skip_whitespace();
    let value = read(&mut reader)?;
    reader.skip_whitespace();
    if reader.at < text.len() {
        return Err(reader.fail(&["trailing characters after the body's value"]));
    }
    Ok(value)
}

/// How many levels of the path an error names (`backup_policies[2].scheduled_policy.week_frequency[1]`
/// is five); deeper levels are only ever skipped values.
const PATH_DEPTH: usize = 6;

/// One level of the path to where the reader is.
#[derive(Clone, Copy)]
enum Step {
    /// In an object, before its first key.
    Open,
    /// At the member whose key starts here (after its `"`); shown as written, escapes and all.
    Key(usize),
    /// At an array's element.
    Index(usize),
}

/// A member's key as [`Reader::next_key`] read it.
enum Key<'a> {
    /// The key that was guessed.
    Guessed,
    /// Another key, unescaped.
    Other(Cow<'a, str>),
}

/// A JSON text being read, and where in it.
pub(crate) struct Reader<'a> {
    text: &'a str,
    /// The byte being read.
    at: usize,
    /// The open objects and arrays, for the field an error names.
    path: [Step; PATH_DEPTH],
    depth: usize,
}

impl<'a> Reader<'a> {
    /// Reads an object's members: `member(reader, field)` reads the value of the member named
    /// `names[field]`; a member named twice is refused, as the derived decoders refuse it, and
    /// other members are skipped. Returns which fields were there, a bit each (`names` has at most 16).
    pub(crate) fn members(
        &mut self,
        expected: &str,
        names: &[&str],
        mut member: impl FnMut(&mut Self, usize) -> Result<(), Error>,
    ) -> Result<u16, Error> {
        self.members_of(expected, names, &mut member)
    }

    /// [`Reader::members`] with the member reader behind a pointer: one copy of the loop for all
    /// shapes (an indirect call per member costs less than the size of a copy per shape).
    fn members_of(
        &mut self,
        expected: &str,
        names: &[&str],
        member: &mut dyn FnMut(&mut Self, usize) -> Result<(), Error>,
    ) -> Result<u16, Error> {
        debug_assert!(names.len() <= 16, "one bit of `seen` per field");
        if self.peek() != Some(b'{') {
            return Err(self.type_error(expected));
        }
        self.at += 1;
        self.enter(Step::Open);
        let mut seen = 0u16;
        // Services write an object's members in one order: try the field after the last one first.
        let mut likely = 0;
        let mut first = true;
        while let Some(key) = self.next_key(first, names.get(likely).copied())? {
            first = false;
            let field = match key {
                Key::Guessed => likely,
                Key::Other(key) => match names.iter().position(|name| *name == key) {
                    Some(field) => field,
                    None => {
                        self.skip_value()?;
                        continue;
                    }
                },
            };
            likely = field + 1;
            if seen & (1 << field) != 0 {
                return Err(self.fail(&["duplicate field `", names[field], "`"]));
            }
            seen |= 1 << field;
            member(self, field)?;
        }
        Ok(seen)
    }

    /// Reads an array with `item`, room made for `capacity` items.
    #[inline]
    pub(crate) fn array_of<T>(
        &mut self,
        expected: &str,
        capacity: usize,
        mut item: impl FnMut(&mut Self) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        if self.peek() != Some(b'[') {
            return Err(self.type_error(expected));
        }
        self.at += 1;
        let mut items = Vec::with_capacity(capacity);
        self.enter(Step::Index(0));
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            self.leave();
            return Ok(items);
        }
        loop {
            self.set_step(Step::Index(items.len()));
            self.skip_whitespace();
            items.push(item(self)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    self.leave();
                    return Ok(items);
                }
                _ => return Err(self.fail(&["expected `,` or `]` in an array"])),
            }
        }
    }

    /// Checks that the first `required` of `names` were among the fields `seen` (as
    /// [`Reader::members`] returns them); else the error for the first one missing, at the object.
    pub(crate) fn require(&self, seen: u16, names: &[&str], required: usize) -> Result<(), Error> {
        match (0..required.min(names.len())).find(|field| seen & (1 << field) == 0) {
            Some(field) => Err(self.fail(&["missing field `", names[field], "`"])),
            None => Ok(()),
        }
    }

    /// `None` for `null`, else what `read` reads.
    #[inline(always)]
    pub(crate) fn or_null<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<Option<T>, Error> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }

    /// A string value, owned.
    pub(crate) fn text(&mut self) -> Result<String, Error> {
        Ok(self.string_value()?.into_owned())
    }

    /// A string value (where a string is the only type allowed).
    #[inline(always)]
    fn string_value(&mut self) -> Result<Cow<'a, str>, Error> {
        if self.peek() != Some(b'"') {
            return Err(self.type_error("a string"));
        }
        self.string()
    }

    /// `true` or `false`.
    pub(crate) fn boolean(&mut self) -> Result<bool, Error> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|()| true),
            Some(b'f') => self.literal("false").map(|()| false),
            _ => Err(self.type_error("a boolean")),
        }
    }

    /// A whole number from 0 to `max`, written without a sign, fraction or exponent (serde's
    /// unsigned integers refuse `-0`, `1.0` and `1e2`). `expected` names it in errors.
    fn whole_number(&mut self, expected: &str, max: u64) -> Result<u64, Error> {
        let start = self.at;
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.type_error(expected));
        }
        self.skip_number()?;
        let number = self.slice(start, self.at);
        self.at = start;
        let value = number
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| number.parse::<u64>().ok())
            .flatten()
            .filter(|value| *value <= max);
        let Some(value) = value else {
            let number = super::model::excerpt(number, 40);
            return Err(self.fail(&["expected ", expected, ", found ", &number]));
        };
        self.at += number.len();
        Ok(value)
    }

    /// A number as it is written.
    fn number_text(&mut self) -> Result<&'a str, Error> {
        let start = self.at;
        self.skip_number()?;
        Ok(self.slice(start, self.at))
    }

    /// The next member's key, with the reader at its value; `None` after the object's `}`.
    /// `first`: right after the `{`. `guess`: the key likely to come, matched on the text itself
    /// (a key written with escapes is read and unescaped, and then never equals the guess).
    fn next_key(&mut self, first: bool, guess: Option<&str>) -> Result<Option<Key<'a>>, Error> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'}') => {
                self.at += 1;
                self.leave();
                return Ok(None);
            }
            Some(b',') if !first => {
                self.at += 1;
                self.skip_whitespace();
            }
            _ if !first => return Err(self.fail(&["expected `,` or `}` after an object member"])),
            _ => {}
        }
        if self.peek() != Some(b'"') {
            return Err(self.fail(&["expected a key in double quotes"]));
        }
        let key_start = self.at + 1;
        self.set_step(Step::Key(key_start));
        let bytes = self.text.as_bytes();
        let key = match guess {
            Some(guess)
                if bytes.get(key_start + guess.len()) == Some(&b'"')
                    && bytes.get(key_start..key_start + guess.len()) == Some(guess.as_bytes()) =>
            {
                self.at = key_start + guess.len() + 1;
                Key::Guessed
            }
            _ => Key::Other(self.string()?),
        };
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.fail(&["expected `:` after a key"]));
        }
        self.at += 1;
        self.skip_whitespace();
        Ok(Some(key))
    }

    #[inline(always)]
    fn enter(&mut self, step: Step) {
        if let Some(level) = self.path.get_mut(self.depth) {
            *level = step;
        }
        self.depth += 1;
    }

    #[inline(always)]
    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    #[inline(always)]
    fn set_step(&mut self, step: Step) {
        if let Some(level) = self.depth.checked_sub(1).and_then(|d| self.path.get_mut(d)) {
            *level = step;
        }
    }

    /// The string starting at the `"` under the reader, unescaped; borrowed when it has no escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
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
    fn skip_number(&mut self) -> Result<(), Error> {
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
    fn skip_value(&mut self) -> Result<(), Error> {
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

    fn literal(&mut self, word: &'static str) -> Result<(), Error> {
        if self.text.as_bytes()[self.at.min(self.text.len())..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.fail(&["invalid literal (expected `", word, "`)"]))
        }
    }

    #[inline(always)]
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.at += 1;
        }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.byte(self.at)
    }

    #[inline(always)]
    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// The text between two positions the reader found on ASCII bytes (so on char boundaries).
    #[inline(always)]
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default()
    }

    /// "expected …, found a number" for the value under the reader.
    fn type_error(&self, expected: &str) -> Error {
        let found = match self.peek() {
            Some(b'"') => "a string",
            Some(b'n') => "null",
            Some(b't' | b'f') => "a boolean",
            Some(b'-' | b'0'..=b'9') => "a number",
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(_) => "something that is not JSON",
            None => "the end of the body",
        };
        self.fail(&["expected ", expected, ", found ", found])
    }

    /// The key starting at `start` as written, up to its closing quote.
    fn raw_key(&self, start: usize) -> &'a str {
        let bytes = self.text.as_bytes();
        let mut end = start;
        while let Some(&byte) = bytes.get(end) {
            match byte {
                b'"' => break,
                b'\\' => end += 2,
                _ => end += 1,
            }
        }
        self.slice(start, end.min(bytes.len()))
    }

    /// A decode error at the reader's position, naming the field it is in; `reason` in parts.
    fn fail(&self, reason: &[&str]) -> Error {
        let mut path = String::new();
        for step in self.path.iter().take(self.depth) {
            match *step {
                Step::Open => {}
                Step::Key(start) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(self.raw_key(start));
                }
                Step::Index(index) => {
                    let _ = write!(path, "[{index}]");
                }
            }
        }
        let (mut line, mut line_start) = (1, 0);
        for (at, byte) in self.text.bytes().enumerate().take(self.at) {
            if byte == b'\n' {
                line += 1;
                line_start = at + 1;
            }
        }
        let column = self.at.min(self.text.len()) - line_start + 1;
        let mut message = String::new();
        for part in reason {
            message.push_str(part);
        }
        let _ = write!(message, " at line {line} column {column}");
        Error::decode(path, message)
    }
}

/// What the shapes' tests share: a reader held to serde_json with the derived `Deserialize`.
#[cfg(test)]
pub(crate) mod reference {
    use serde::de::DeserializeOwned;

    use crate::core::error::Error;

    /// The reader and serde_json give the same value.
    pub(crate) fn same_as_serde<T>(text: &str, read: fn(&str) -> Result<T, Error>) -> T
    where
        T: DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let value = read(text).unwrap_or_else(|err| panic!("{text}: {err}"));
        assert_eq!(serde_json::from_str::<T>(text).unwrap(), value, "{text}");
        value
    }

    /// Both refuse the text; the reader's error is a decode error.
    pub(crate) fn refused<T>(text: &str, read: fn(&str) -> Result<T, Error>) -> Error
    where
        T: DeserializeOwned + std::fmt::Debug,
    {
        let err = read(text).expect_err(text);
        assert!(err.is_decode(), "{err}");
        assert!(
            serde_json::from_str::<T>(text).is_err(),
            "serde reads {text}"
        );
        err
    }
}
