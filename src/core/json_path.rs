//! Which field a position in a JSON text is in (`tasks[3].created_at`), for decode errors.
//!
//! For a body that is not UTF-8: the readers of `core::read` work on text, so the field the bad
//! byte is in is found by scanning the valid text before it. A position just after an object's `}`
//! names the object (`tasks[0]`), as the readers' own errors do.

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
