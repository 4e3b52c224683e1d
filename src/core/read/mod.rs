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

pub(crate) mod cbr;
pub(crate) mod cbr_lists;
pub(crate) mod error_body;
pub(crate) mod policies;
mod scan;
pub(crate) mod tasks;

use std::borrow::Cow;
use std::fmt::Write as _;

use super::error::Error;
use super::time::{Timestamp, TimestampError};

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

/// How many levels of the path an error names: CBR's deepest field,
/// `operation_logs[0].extra_info.remove_resources.resources[1].extra_info.include_volumes[2].id`,
/// is ten; deeper levels are only ever skipped values.
const PATH_DEPTH: usize = 10;

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

    /// A timestamp: read in place when it is in the common form, else the string through
    /// `parse` (a form the fast path does not take, or an error naming why it is none).
    #[inline(always)]
    pub(crate) fn timestamp(
        &mut self,
        parse: fn(&str) -> Result<Timestamp, TimestampError>,
    ) -> Result<Timestamp, Error> {
        let start = self.at;
        if self.peek() == Some(b'"') {
            let rest = self.text.as_bytes().get(start + 1..).unwrap_or_default();
            if let Some((timestamp, used)) = Timestamp::read_quoted(rest) {
                self.at = start + 1 + used;
                return Ok(timestamp);
            }
        }
        let text = self.string_value()?;
        parse(&text).map_err(|err| {
            self.at = start;
            self.fail(&[&err.to_string()])
        })
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
