//! Which field a position in a JSON text is in (`tasks[3].created_at`), for decode errors.
//!
//! serde_json says *where* a decode failed (line and column); this turns that into the field's
//! path by scanning the text up to there. It replaces a path-tracking deserializer
//! (`serde_path_to_error`), which doubled the decoding code in the wasm (a second set of every
//! `Deserialize` impl) for the rare failing body. A missing field is reported after its object's
//! `}`, so it names the object (`tasks[0]`), as serde_path_to_error did.

/// One open container on the way to the position.
enum Frame<'a> {
    /// An object, with the key whose value comes or came last (`None` right after `{` or `,`).
    Object { key: Option<&'a str>, in_key: bool },
    /// An array, with the index of the element that comes or came last.
    Array { index: usize },
}

/// The path of the field at byte `offset` of `text`: keys joined by `.`, indexes in `[]`;
/// `.` at the top level.
pub(crate) fn path_at(text: &str, offset: usize) -> String {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i = start;
                while i < end && bytes[i] != b'"' {
                    // An escape's next byte is never the closing quote.
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= end {
                    break; // the position is inside this string
                }
                if let Some(Frame::Object { key, in_key: true }) = stack.last_mut() {
                    // A key with escapes is shown as written; keys of this API have none.
                    *key = text.get(start..i);
                }
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                in_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, in_key }) => {
                    *key = None;
                    *in_key = true;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { in_key, .. }) = stack.last_mut() {
                    *in_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// The byte offset of serde_json's `line` (1-based) and `column` (bytes into the line) in `text`.
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(at, _)| at + 1)
    };
    line_start.saturating_add(column).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_before(text: &str, marker: &str) -> String {
        path_at(text, text.find(marker).expect("marker in text"))
    }

    #[test]
    fn names_keys_and_indexes_on_the_way() {
        let text = r#"{"count":2,"tasks":[{"a":1},{"job_id":"x","created_at":"yesterday"}]}"#;
        assert_eq!(path_before(text, "yesterday"), "tasks[1].created_at");
        assert_eq!(path_before(text, "2,"), "count");
        assert_eq!(path_before(text, "1}"), "tasks[0].a");
        // Just after an element's object closes: the element.
        assert_eq!(path_at(text, text.find("1}").unwrap() + 2), "tasks[0]");
        assert_eq!(path_at(text, text.len()), ".");
        assert_eq!(path_at(text, 0), ".");
    }

    #[test]
    fn strings_with_brackets_quotes_and_commas_do_not_confuse_it() {
        let text = r#"{"message":"a [b], {c} \"d\", e","code":[1,[2,3],"x,y"],"z":true}"#;
        assert_eq!(path_before(text, "true"), "z");
        assert_eq!(path_before(text, "3]"), "code[1][1]");
        assert_eq!(path_before(text, "y\""), "code[2]");
        // Inside a key: the object it belongs to.
        assert_eq!(path_before(text, "ode\""), ".");
    }

    #[test]
    fn offsets_follow_lines() {
        let text = "{\n  \"count\": x\n}";
        let offset = offset_of(text, 2, 11);
        assert_eq!(&text[offset..offset + 1], "x");
        assert_eq!(offset_of(text, 1, 0), 0);
        assert_eq!(offset_of(text, 9, 9), text.len());
        assert_eq!(path_at(text, offset), "count");
    }

    #[test]
    fn any_text_and_offset_give_a_path() {
        for text in [
            "",
            "\"",
            "\\",
            "[[[",
            "]]]}}",
            "{\"a\":\"\\",
            "{,,:,:}",
            "ü{\"é\":[",
            "\u{0}",
        ] {
            for offset in 0..=text.len() + 2 {
                assert!(!path_at(text, offset).is_empty(), "{text:?} at {offset}");
            }
        }
    }
}
