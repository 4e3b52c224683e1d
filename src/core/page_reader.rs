//! The tasks body (`{"count": …, "tasks": [ … ]}`) read in one pass over its text.
//!
//! Why a reader of its own: this is the one large body (10,000 tasks are 3 MB), and in the
//! size-tuned wasm (opt-level "z") serde_json's generic decoder, driven by the derived visitors,
//! spent 2.6–2.8× the time of `JSON.parse` on it; most of that was calls that opt-level "z" will not
//! inline (a key, a colon, a string: each a few layers of generic calls). This reader knows the
//! shape, so a field is one key match and one scan: 1.2–1.6× `JSON.parse` (BENCHMARKS.md). Every
//! other body (policies, errors, settings) is still decoded by serde_json.
//!
//! It accepts exactly the bodies that serde_json with `TaskPage`'s derived `Deserialize` accepts,
//! and decodes them to the same page, with one exception: serde also reads a struct written as a
//! JSON array of its fields in order, which the API never sends. `fuzz/checks.rs` holds it to that
//! against serde_json, over the fuzz corpus in every `cargo test`.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::error::Error;
use super::model::{excerpt, Task, TaskPage, TaskStatus};
use super::time::Timestamp;

/// Decodes a tasks body that is already known to be UTF-8.
pub(crate) fn read_page(text: &str) -> Result<TaskPage, Error> {
    let mut reader = Reader {
        text,
        at: 0,
        top_key: None,
        task: None,
        task_key: None,
        key_start: 0,
    };
    let page = reader.page()?;
    reader.skip_whitespace();
    if reader.at < text.len() {
        reader.top_key = None;
        return Err(reader.fail(&["trailing characters after the body's object"]));
    }
    Ok(page)
}

/// A task's fields as the wire names them; the first [`REQUIRED_TASK_FIELDS`] are required.
const TASK_FIELDS: [&str; 10] = [
    "job_id",
    "status",
    "created_at",
    "finished_at",
    "backup_name",
    "resource_id",
    "resource_type",
    "vbs_job_id",
    "message",
    "code",
];
const REQUIRED_TASK_FIELDS: usize = 3;

struct Reader<'a> {
    text: &'a str,
    /// The byte being read.
    at: usize,
    // Where the reader is, for the field an error names: `tasks[3].created_at`. Keys are kept as
    // where they start, and shown as written (escapes and all) like `json_path` does.
    top_key: Option<usize>,
    task: Option<usize>,
    task_key: Option<usize>,
    /// Where the last key read starts (after its `"`).
    key_start: usize,
}

impl<'a> Reader<'a> {
    fn page(&mut self) -> Result<TaskPage, Error> {
        self.skip_whitespace();
        if self.peek() != Some(b'{') {
            return Err(self.type_error("the page object"));
        }
        self.at += 1;
        let mut count = None;
        let mut tasks = None;
        let mut first = true;
        while let Some(key) = self.next_key(first)? {
            first = false;
            self.top_key = Some(self.key_start);
            match &*key {
                "count" => {
                    if count.is_some() {
                        return Err(self.fail(&["duplicate field `count`"]));
                    }
                    count = Some(self.count()?);
                }
                "tasks" => {
                    if tasks.is_some() {
                        return Err(self.fail(&["duplicate field `tasks`"]));
                    }
                    tasks = Some(self.tasks()?);
                }
                _ => self.skip_value()?,
            }
        }
        self.top_key = None;
        match (count, tasks) {
            (Some(count), Some(tasks)) => Ok(TaskPage { count, tasks }),
            (None, _) => Err(self.fail(&["missing field `count`"])),
            (_, None) => Err(self.fail(&["missing field `tasks`"])),
        }
    }

    /// `count`: a whole number from 0 to 2⁶⁴ − 1, written without a fraction or exponent.
    fn count(&mut self) -> Result<u64, Error> {
        let start = self.at;
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.type_error("a whole number of tasks"));
        }
        self.skip_number()?;
        let number = self.slice(start, self.at);
        self.at = start;
        if !number.bytes().all(|b| b.is_ascii_digit()) {
            let number = excerpt(number, 40);
            return Err(self.fail(&["expected a whole number of tasks, found ", &number]));
        }
        let count = number.parse().map_err(|_| {
            let number = excerpt(number, 40);
            self.fail(&[&number, " is beyond the largest count (2^64 - 1)"])
        })?;
        self.at += number.len();
        Ok(count)
    }

    fn tasks(&mut self) -> Result<Vec<Task>, Error> {
        if self.peek() != Some(b'[') {
            return Err(self.type_error("an array of tasks"));
        }
        self.at += 1;
        // A task takes ~300 bytes of the body: room for what is left of it at 256 bytes a task
        // saves growing the vector (and copying it) a dozen times for a large page.
        let mut tasks = Vec::with_capacity((self.text.len() - self.at) / 256);
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(tasks);
        }
        loop {
            self.task = Some(tasks.len());
            self.skip_whitespace();
            tasks.push(self.task()?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    self.task = None;
                    return Ok(tasks);
                }
                _ => return Err(self.fail(&["expected `,` or `]` after a task"])),
            }
        }
    }

    fn task(&mut self) -> Result<Task, Error> {
        if self.peek() != Some(b'{') {
            return Err(self.type_error("a task object"));
        }
        self.at += 1;
        let mut task = Task::new(String::new(), TaskStatus::Skip, Timestamp::UNIX_EPOCH);
        // The same rules as the derived `Deserialize`: a field twice is refused, the first three
        // are required; `null` is empty for the text fields that default, absent for the optional.
        let mut seen = 0u16;
        // Services write a task's fields in one order: try the field after the last one first.
        let mut likely = 0;
        let mut first = true;
        while let Some(key) = self.next_key(first)? {
            first = false;
            let field = if TASK_FIELDS.get(likely) == Some(&&*key) {
                likely
            } else if let Some(field) = TASK_FIELDS.iter().position(|name| *name == key) {
                field
            } else {
                self.skip_value()?;
                continue;
            };
            likely = field + 1;
            self.task_key = Some(self.key_start);
            if seen & (1 << field) != 0 {
                return Err(self.fail(&["duplicate field `", TASK_FIELDS[field], "`"]));
            }
            seen |= 1 << field;
            match field {
                0 => task.job_id = self.text()?,
                1 => task.status = TaskStatus::from_wire(&self.string_value()?),
                2 => task.created_at = self.timestamp()?,
                3 => task.finished_at = self.or_null(Self::timestamp)?,
                4 => task.backup_name = self.or_null(Self::text)?.unwrap_or_default(),
                5 => task.resource_id = self.or_null(Self::text)?.unwrap_or_default(),
                6 => task.resource_type = self.or_null(Self::text)?.unwrap_or_default(),
                7 => task.vbs_job_id = self.or_null(Self::text)?,
                8 => task.message = self.or_null(Self::text)?,
                _ => task.code = self.or_null(Self::text)?,
            }
        }
        self.task_key = None;
        match (0..REQUIRED_TASK_FIELDS).find(|field| seen & (1 << field) == 0) {
            Some(missing) => Err(self.fail(&["missing field `", TASK_FIELDS[missing], "`"])),
            None => Ok(task),
        }
    }

    fn text(&mut self) -> Result<String, Error> {
        Ok(self.string_value()?.into_owned())
    }

    fn timestamp(&mut self) -> Result<Timestamp, Error> {
        let start = self.at;
        let text = self.string_value()?;
        Timestamp::parse(&text).map_err(|err| {
            self.at = start;
            self.fail(&[&err.to_string()])
        })
    }

    /// `None` for `null`, else what `read` reads.
    #[inline(always)]
    fn or_null<T>(
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

    /// A string value (where a string is the only type allowed).
    #[inline(always)]
    fn string_value(&mut self) -> Result<Cow<'a, str>, Error> {
        if self.peek() != Some(b'"') {
            return Err(self.type_error("a string"));
        }
        self.string()
    }

    /// The next member's key (unescaped), with the reader at its value; `None` after the object's
    /// `}`. `first`: right after the `{`.
    fn next_key(&mut self, first: bool) -> Result<Option<Cow<'a, str>>, Error> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'}') => {
                self.at += 1;
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
        self.key_start = self.at + 1;
        let key = self.string()?;
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.fail(&["expected `:` after a key"]));
        }
        self.at += 1;
        self.skip_whitespace();
        Ok(Some(key))
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
        if let Some(key) = self.top_key {
            path.push_str(self.raw_key(key));
        }
        if let Some(index) = self.task {
            let _ = write!(path, "[{index}]");
            if let Some(key) = self.task_key {
                path.push('.');
                path.push_str(self.raw_key(key));
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

#[cfg(test)]
mod tests {
    use super::*;

    const TASK: &str = r#"{"job_id":"j","status":"SKIP","created_at":"2020-01-01T00:00:00"}"#;

    fn read(text: &str) -> Result<TaskPage, Error> {
        read_page(text)
    }

    /// The reader and serde_json with the derived `Deserialize` give the same page.
    fn same_as_serde(text: &str) -> TaskPage {
        let page = read(text).unwrap_or_else(|err| panic!("{text}: {err}"));
        assert_eq!(
            serde_json::from_str::<TaskPage>(text).unwrap(),
            page,
            "{text}"
        );
        page
    }

    fn refused(text: &str) -> Error {
        let err = read(text).expect_err(text);
        assert!(err.is_decode(), "{err}");
        assert!(
            serde_json::from_str::<TaskPage>(text).is_err(),
            "serde reads {text}"
        );
        err
    }

    #[test]
    fn reads_escapes_as_serde_does() {
        let page = same_as_serde(
            r#" { "count" : 1 , "tasks" : [ { "job\u005fid" : "a\"b\\c\/d\n\t\u00e9\ud83d\ude00" ,
                "status":"SKIP","created_at":"2020-01-01T00:00:00","message":"x\u0000y" } ] } "#,
        );
        assert_eq!(page.tasks[0].job_id, "a\"b\\c/d\n\té😀");
        assert_eq!(page.tasks[0].message.as_deref(), Some("x\0y"));
    }

    #[test]
    fn skips_unknown_fields_of_any_shape_and_depth() {
        let deep = format!("{}1{}", "[".repeat(500), "]".repeat(500));
        let body = format!(
            r#"{{"x":{{"a":[1,-2.5e+3,true,false,null,"\ud800 lone in a skipped string",{{}},[]]}},
              "count":1,"tasks":[{{"extra":{deep},"job_id":"j","status":"SKIP",
              "created_at":"2020-01-01T00:00:00","n":0.5E-1}}],"y":"z"}}"#
        );
        assert_eq!(same_as_serde(&body).tasks[0].job_id, "j");
    }

    #[test]
    fn nulls_and_missing_optionals_read_as_serde_does() {
        let page = same_as_serde(
            r#"{"tasks":[{"job_id":"j","status":"X","created_at":"2020-01-01T00:00:00Z","finished_at":null,
                "backup_name":null,"resource_id":"r","vbs_job_id":null,"code":"C"}],"count":18446744073709551615}"#,
        );
        let task = &page.tasks[0];
        assert_eq!(page.count, u64::MAX);
        assert_eq!(task.status, TaskStatus::Unknown("X".into()));
        assert_eq!((task.finished_at, task.backup_name.as_str()), (None, ""));
        assert_eq!(
            (task.vbs_job_id.as_deref(), task.code.as_deref()),
            (None, Some("C"))
        );
    }

    #[test]
    fn errors_name_the_field_and_where_it_is() {
        let at = |text: &str| refused(text).field().map(str::to_owned);
        let body = format!("{{\"count\":2,\"tasks\":[{TASK},\n{{\"job_id\":7}}]}}");
        let err = refused(&body);
        assert_eq!(err.field(), Some("tasks[1].job_id"));
        assert!(err.to_string().contains("line 2 column 11"), "{err}");
        assert!(
            err.to_string()
                .contains("expected a string, found a number"),
            "{err}"
        );
        assert_eq!(
            at(&format!(
                r#"{{"count":1,"tasks":[{TASK},{TASK}],"count":1}}"#
            ))
            .as_deref(),
            Some("count")
        );
        let dup = r#"{"count":1,"tasks":[{"job_id":"a","job_id":"b"}]}"#;
        assert!(refused(dup)
            .to_string()
            .contains("duplicate field `job_id`"));
        let missing = r#"{"count":1,"tasks":[{"job_id":"a","status":"SKIP"}]}"#;
        assert_eq!(at(missing).as_deref(), Some("tasks[0]"));
        assert!(refused(missing)
            .to_string()
            .contains("missing field `created_at`"));
        assert_eq!(at(r#"{"tasks":[]}"#).as_deref(), Some("."));
        assert_eq!(at(r#"{"count":01,"tasks":[]}"#).as_deref(), Some("count"));
        assert_eq!(at(r#"{"count":1.0,"tasks":[]}"#).as_deref(), Some("count"));
        assert_eq!(at(r#"{"count":-0,"tasks":[]}"#).as_deref(), Some("count"));
        assert_eq!(
            at(r#"{"count":18446744073709551616,"tasks":[]}"#).as_deref(),
            Some("count")
        );
        let bad_time = r#"{"count":1,"tasks":[{"job_id":"a","status":"SKIP","created_at":"2020-13-01T00:00:00"}]}"#;
        assert_eq!(at(bad_time).as_deref(), Some("tasks[0].created_at"));
    }

    #[test]
    fn refuses_what_serde_refuses() {
        for body in [
            "",
            " ",
            "{",
            "{\"count\":1,\"tasks\":[]",
            "{\"count\":1,\"tasks\":[],}",
            "{\"count\":1,\"tasks\":[,]}",
            "{\"count\":1,\"tasks\":[]}x",
            "{\"count\":1,\"tasks\":[] \"a\":1}",
            "{count:1,\"tasks\":[]}",
            "{\"count\":1,\"tasks\":[],\"x\":[1,]}",
            "{\"count\":1,\"tasks\":[],\"x\":{\"a\":1,}}",
            "{\"count\":1,\"tasks\":[],\"x\":tru}",
            "{\"count\":1,\"tasks\":[],\"x\":-}",
            "{\"count\":1,\"tasks\":[],\"x\":1.}",
            "{\"count\":1,\"tasks\":[],\"x\":1e}",
            "{\"count\":1,\"tasks\":[],\"x\":\"\\x\"}",
            "{\"count\":1,\"tasks\":[],\"x\":\"\\u12\"}",
            "{\"count\":1,\"tasks\":[],\"x\":\"a\u{1}b\"}",
            "{\"count\":1,\"tasks\":[{\"job_id\":\"\\ud800\",\"status\":\"S\",\"created_at\":\"2020-01-01T00:00:00\"}]}",
            "{\"count\":1,\"tasks\":[{\"job_id\":\"\\udc00\",\"status\":\"S\",\"created_at\":\"2020-01-01T00:00:00\"}]}",
            "{\"count\":1,\"tasks\":[{\"job_id\":\"a\",\"status\":null,\"created_at\":\"2020-01-01T00:00:00\"}]}",
            "{\"count\":1,\"tasks\":{}}",
            "[]",
            "\u{feff}{\"count\":0,\"tasks\":[]}",
        ] {
            refused(body);
        }
    }

    #[test]
    fn a_struct_written_as_an_array_is_refused_on_purpose() {
        // serde reads a struct from an array of its fields in order; the API never sends one.
        let body = r#"{"count":1,"tasks":[["j","SKIP","2020-01-01T00:00:00"]]}"#;
        assert!(serde_json::from_str::<TaskPage>(body).is_ok());
        assert_eq!(read(body).unwrap_err().field(), Some("tasks[0]"));
    }
}
