//! The two error-body shapes the API documents: `{"error": {"code", "message"}}` from the service,
//! `{"error_code", "error_msg", "request_id"}` from the gateway.

use super::{read_body, Reader};
use crate::core::error::Error;

/// What one shape of error body says; every field optional so that odd bodies still read.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ErrorFields {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
}

/// An error body's fields, shape by shape (a body may carry both; which one wins is the
/// caller's: `Error::from_response`).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ErrorBody {
    /// `error.code` and `error.message`.
    pub(crate) service: ErrorFields,
    /// `error_code`, `error_msg` and `request_id`.
    pub(crate) gateway: ErrorFields,
}

/// Reads either shape, or both; `None` when the text is not a JSON object of them: a field of the
/// wrong kind, or twice, makes the whole body unreadable, as it did for the derived decoder this
/// replaces.
pub(crate) fn read_error_body(text: &str) -> Option<ErrorBody> {
    let mut body = ErrorBody::default();
    let ErrorBody { service, gateway } = &mut body;
    read_body(text, |reader| {
        const FIELDS: [&str; 4] = ["error", "error_code", "error_msg", "request_id"];
        reader.members("an error object", &FIELDS, |reader, field| {
            match field {
                0 => {
                    reader.or_null(|reader| {
                        reader.members(
                            "the error's object",
                            &["code", "message"],
                            |reader, field| {
                                let text = scalar(reader)?;
                                match field {
                                    0 => service.code = text,
                                    _ => service.message = text,
                                }
                                Ok(())
                            },
                        )
                    })?;
                }
                1 => gateway.code = scalar(reader)?,
                2 => gateway.message = scalar(reader)?,
                _ => gateway.request_id = scalar(reader)?,
            }
            Ok(())
        })
    })
    .ok()?;
    Some(body)
}

/// A string, or a number or boolean as written: gateways are not consistent about codes. Anything
/// else (`null`, an object, an array) reads as no text.
fn scalar(reader: &mut Reader<'_>) -> Result<Option<String>, Error> {
    Ok(match reader.peek() {
        Some(b'"') => Some(reader.text()?),
        Some(b'-' | b'0'..=b'9') => Some(reader.number_text()?.to_owned()),
        Some(b't' | b'f') => Some(reader.boolean()?.to_string()),
        _ => {
            reader.skip_value()?;
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<ErrorBody> {
        read_error_body(text)
    }

    #[test]
    fn reads_both_shapes_apart() {
        let both = read(
            r#"{"error_code":"APIGW.0301","error":{"code":"VBS.1","message":"m","extra":[1]},
               "error_msg":"g","request_id":"r"}"#,
        )
        .unwrap();
        assert_eq!(both.service.code.as_deref(), Some("VBS.1"));
        assert_eq!(both.service.message.as_deref(), Some("m"));
        assert_eq!(both.gateway.code.as_deref(), Some("APIGW.0301"));
        assert_eq!(both.gateway.message.as_deref(), Some("g"));
        assert_eq!(both.gateway.request_id.as_deref(), Some("r"));
        let gateway = read(r#"{"error_code":"APIGW.0301","error":null}"#).unwrap();
        assert_eq!(gateway.gateway.code.as_deref(), Some("APIGW.0301"));
        assert_eq!(gateway.service, ErrorFields::default());
    }

    #[test]
    fn scalars_read_as_written() {
        let odd =
            read(r#"{"error":{"code":-1.50e2,"message":true},"request_id":{"a":1}}"#).unwrap();
        assert_eq!(odd.service.code.as_deref(), Some("-1.50e2"));
        assert_eq!(odd.service.message.as_deref(), Some("true"));
        assert_eq!(odd.gateway.request_id, None);
    }

    #[test]
    fn anything_else_is_not_an_error_body() {
        for text in [
            "",
            "[]",
            "<html></html>",
            r#"{"error":"boom"}"#,
            r#"{"error":{"code":"a","code":"b"}}"#,
            r#"{"error_code":"a"} x"#,
            r#"{"error_code":01}"#,
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }
}
