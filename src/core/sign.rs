//! AK/SK request signing, `SDK-HMAC-SHA256`, as the vendor's API-signing guide and Go SDK define it.
//!
//! One implementation serves all sides: the browser client signs with it, the proxy signs what it
//! forwards, and the emulator verifies with it.

use std::fmt;

use hmac::{Hmac, Mac};
use percent_encoding::percent_decode_str;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::model::Quoted;
use super::query::push_encoded;
use super::time::{utc, write_civil, Fields};

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The header that carries the signing time.
pub const DATE_HEADER: &str = "X-Sdk-Date";
/// The header that carries a temporary credential's token.
pub const SECURITY_TOKEN_HEADER: &str = "X-Security-Token";

/// An access key and its secret. `Debug` never shows the secret or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Signer {
    access_key: String,
    secret_key: String,
    security_token: Option<String>,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("access_key", &self.access_key)
            .field("secret_key", &"[redacted]")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

/// What is signed of a request. `path` is the raw (encoded) path; `query` the decoded pairs;
/// `headers` the headers to sign (the signer adds `x-sdk-date`, and `x-security-token` if it has one).
#[derive(Debug, Clone, Default)]
pub struct SigningRequest<'a> {
    /// `GET`.
    pub method: &'a str,
    /// The encoded path, e.g. `/v2/p/backuppolicy`.
    pub path: &'a str,
    /// Decoded query pairs, in any order.
    pub query: Vec<(String, String)>,
    /// Headers to sign, names in any case. Include `host` where the transport lets the signer
    /// know the exact `Host` that will be sent (a browser sends the URL's host).
    pub headers: Vec<(String, String)>,
    /// The body (empty for GET).
    pub body: &'a [u8],
}

/// The parts of an `Authorization: SDK-HMAC-SHA256 …` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// `Access=`.
    pub access_key: String,
    /// `SignedHeaders=`, lowercase names.
    pub signed_headers: Vec<String>,
    /// `Signature=`, lowercase hex.
    pub signature: String,
}

impl Signer {
    /// A signer for permanent credentials.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Signer {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            security_token: None,
        }
    }

    /// The same signer with a temporary credential's security token (sent as `X-Security-Token`).
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into()).filter(|t| !t.is_empty());
        self
    }

    /// The access key (public: it names the key, it is not the secret).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secrets this signer holds, for [`crate::Error::redact`].
    pub fn secrets(&self) -> Vec<&str> {
        let mut secrets = vec![self.secret_key.as_str()];
        secrets.extend(self.security_token.as_deref());
        secrets
    }

    /// The headers to add to the request: `X-Sdk-Date`, `Authorization`, and `X-Security-Token`
    /// for temporary credentials.
    pub fn sign(
        &self,
        request: &SigningRequest<'_>,
        now: OffsetDateTime,
    ) -> Vec<(&'static str, String)> {
        let date = format_date(now);
        let mut headers = request.headers.clone();
        headers.push((DATE_HEADER.to_owned(), date.clone()));
        if let Some(token) = &self.security_token {
            headers.push((SECURITY_TOKEN_HEADER.to_owned(), token.clone()));
        }
        let (canonical_headers, signed_headers) = canonical_headers(&headers);
        let canonical = canonical_request(request, &canonical_headers, &signed_headers);
        let signature = signature(&self.secret_key, &string_to_sign(&date, &canonical));
        let mut out = vec![
            (DATE_HEADER, date),
            (
                "Authorization",
                format!(
                    "{ALGORITHM} Access={}, SignedHeaders={signed_headers}, Signature={signature}",
                    self.access_key
                ),
            ),
        ];
        if let Some(token) = &self.security_token {
            out.push((SECURITY_TOKEN_HEADER, token.clone()));
        }
        out
    }

    /// Checks a received request's signature against this signer's secret. `header` looks up a
    /// received header by lowercase name. Constant-time on the signature.
    pub fn verify(
        &self,
        method: &str,
        path: &str,
        query: Vec<(String, String)>,
        authorization: &Authorization,
        header: impl Fn(&str) -> Option<String>,
        body: &[u8],
    ) -> Result<(), VerifyError> {
        if authorization.access_key != self.access_key {
            return Err(VerifyError::UnknownAccessKey);
        }
        if !authorization
            .signed_headers
            .iter()
            .any(|h| h == "x-sdk-date")
        {
            return Err(VerifyError::DateNotSigned);
        }
        let mut headers = Vec::with_capacity(authorization.signed_headers.len());
        for name in &authorization.signed_headers {
            let value = header(name).ok_or_else(|| VerifyError::MissingHeader(name.clone()))?;
            headers.push((name.clone(), value));
        }
        let date = header("x-sdk-date").ok_or(VerifyError::DateNotSigned)?;
        let request = SigningRequest {
            method,
            path,
            query,
            headers: Vec::new(),
            body,
        };
        let (canonical_headers, signed_headers) = canonical_headers(&headers);
        let canonical = canonical_request(&request, &canonical_headers, &signed_headers);
        let mut mac = new_mac(&self.secret_key);
        mac.update(string_to_sign(&date, &canonical).as_bytes());
        let claimed =
            hex::decode(&authorization.signature).map_err(|_| VerifyError::BadSignature)?;
        mac.verify_slice(&claimed)
            .map_err(|_| VerifyError::BadSignature)
    }
}

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The `Authorization` header is not `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`.
    Malformed,
    /// The access key is not one this server knows.
    UnknownAccessKey,
    /// `x-sdk-date` is missing or not among the signed headers.
    DateNotSigned,
    /// `x-sdk-date` is not `YYYYMMDDTHHMMSSZ`, or too far from the server's clock.
    BadDate,
    /// A signed header is missing from the request.
    MissingHeader(String),
    /// The signature does not match.
    BadSignature,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Malformed => {
                f.write_str("the Authorization header is not an SDK-HMAC-SHA256 signature")
            }
            VerifyError::UnknownAccessKey => f.write_str("the access key is not known"),
            VerifyError::DateNotSigned => f.write_str("X-Sdk-Date is missing or not signed"),
            VerifyError::BadDate => {
                f.write_str("X-Sdk-Date is malformed or too far from the server's time")
            }
            VerifyError::MissingHeader(name) => {
                write!(f, "the signed header {} is missing", Quoted(name))
            }
            VerifyError::BadSignature => f.write_str("the signature does not match"),
        }
    }
}

impl std::error::Error for VerifyError {}

impl Authorization {
    /// Reads an `Authorization` header value.
    pub fn parse(value: &str) -> Result<Self, VerifyError> {
        let rest = value
            .trim()
            .strip_prefix(ALGORITHM)
            .and_then(|rest| rest.strip_prefix(' '))
            .ok_or(VerifyError::Malformed)?;
        let (mut access_key, mut signed_headers, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let (name, value) = part.trim().split_once('=').ok_or(VerifyError::Malformed)?;
            match name {
                "Access" => access_key = Some(value.to_owned()),
                "SignedHeaders" => {
                    signed_headers =
                        Some(value.split(';').map(|h| h.to_ascii_lowercase()).collect())
                }
                "Signature" => signature = Some(value.to_ascii_lowercase()),
                _ => return Err(VerifyError::Malformed),
            }
        }
        match (access_key, signed_headers, signature) {
            (Some(access_key), Some(signed_headers), Some(signature)) if !access_key.is_empty() => {
                Ok(Authorization {
                    access_key,
                    signed_headers,
                    signature,
                })
            }
            _ => Err(VerifyError::Malformed),
        }
    }
}

/// Whether `value` can go in a header as it is: printable ASCII without spaces, which a browser
/// accepts and the signature covers unchanged (tokens, access keys, project IDs).
pub fn is_header_safe(value: &str) -> bool {
    value.bytes().all(|b| b.is_ascii_graphic())
}

/// `YYYYMMDDTHHMMSSZ` in UTC.
pub fn format_date(now: OffsetDateTime) -> String {
    let mut out = String::with_capacity(16);
    // Writing into a String cannot fail.
    let _ = write_civil(&mut out, now.to_offset(time::UtcOffset::UTC), "", "");
    out.push('Z');
    out
}

/// Reads `YYYYMMDDTHHMMSSZ`.
pub fn parse_date(text: &str) -> Result<OffsetDateTime, VerifyError> {
    let mut fields = Fields::new(text);
    let mut read = || {
        let (year, month, day) = (fields.number(4)?, fields.number(2)?, fields.number(2)?);
        fields.literal(b'T')?;
        let (hour, minute, second) = (fields.number(2)?, fields.number(2)?, fields.number(2)?);
        fields.literal(b'Z')?;
        fields.end()?;
        utc(year, month, day, hour, minute, second, 0)
    };
    read().ok_or(VerifyError::BadDate)
}

/// The canonical URI: each segment decoded then encoded again, always ending in `/`.
pub fn canonical_uri(raw_path: &str) -> String {
    // Written in place, not collected and joined: no Vec of segments (and one `join` instance
    // less in the wasm).
    let mut out = String::with_capacity(raw_path.len() + 1);
    for (index, segment) in raw_path.split('/').enumerate() {
        if index > 0 {
            out.push('/');
        }
        push_encoded(&mut out, &percent_decode_str(segment).decode_utf8_lossy());
    }
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The canonical query: pairs sorted by key then value, both encoded, joined with `&`.
pub fn canonical_query(pairs: &[(String, String)]) -> String {
    // Sorted as `(&str, &str)`, the type `canonical_headers` sorts too: one copy of the sort.
    let mut sorted: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(key, value)| (key.as_str(), value.as_str()))
        .collect();
    sorted.sort_unstable();
    let mut out = String::new();
    for (index, (key, value)) in sorted.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        push_encoded(&mut out, key);
        out.push('=');
        push_encoded(&mut out, value);
    }
    out
}

/// Canonical headers (`name:value\n` each) and the signed-header list (`a;b;c`).
fn canonical_headers(headers: &[(String, String)]) -> (String, String) {
    let names: Vec<String> = headers
        .iter()
        .map(|(name, _)| name.to_ascii_lowercase())
        .collect();
    let mut lowered: Vec<(&str, &str)> = names
        .iter()
        .zip(headers)
        .map(|(name, (_, value))| (name.as_str(), value.trim()))
        .collect();
    lowered.sort_unstable();
    lowered.dedup_by(|a, b| a.0 == b.0);
    let (mut canonical, mut signed) = (String::new(), String::new());
    for (index, (name, value)) in lowered.iter().enumerate() {
        for part in [name, ":", value, "\n"] {
            canonical.push_str(part);
        }
        if index > 0 {
            signed.push(';');
        }
        signed.push_str(name);
    }
    (canonical, signed)
}

fn canonical_request(
    request: &SigningRequest<'_>,
    canonical_headers: &str,
    signed_headers: &str,
) -> String {
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        canonical_uri(request.path),
        canonical_query(&request.query),
        canonical_headers,
        signed_headers,
        hex::encode(Sha256::digest(request.body))
    )
}

fn string_to_sign(date: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{date}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    )
}

fn new_mac(secret_key: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length; this cannot fail.
    <Hmac<Sha256> as Mac>::new_from_slice(secret_key.as_bytes())
        .expect("HMAC accepts any key length")
}

fn signature(secret_key: &str, string_to_sign: &str) -> String {
    let mut mac = new_mac(secret_key);
    mac.update(string_to_sign.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Vector 1 of the spec: the vendor guide's VPC example.
    #[test]
    fn the_date_header_is_read_and_written_in_its_one_form() {
        let date = parse_date("20191115T033655Z").unwrap();
        assert_eq!(date.unix_timestamp(), 1_573_789_015);
        assert_eq!(format_date(date), "20191115T033655Z");
        for bad in [
            "",
            "20191115T033655",
            "20191115T033655Z ",
            "2019-11-15T03:36:55Z",
            "20191315T033655Z",
            "20190229T000000Z",
            "20191115T243655Z",
            "2019111ET033655Z",
        ] {
            assert_eq!(parse_date(bad), Err(VerifyError::BadDate), "{bad:?}");
        }
    }

    #[test]
    fn vector_guide_vpc_example() {
        let request = SigningRequest {
            method: "GET",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: pairs(&[
                ("limit", "2"),
                ("marker", "13551d6b-755d-4757-b956-536f674975c0"),
            ]),
            headers: pairs(&[
                ("Content-Type", "application/json"),
                ("Host", "service.region.example.com"),
            ]),
            body: b"",
        };
        let date = parse_date("20191115T033655Z").unwrap();
        let mut headers = request.headers.clone();
        headers.push(("X-Sdk-Date".into(), format_date(date)));
        let (canonical_headers, signed) = canonical_headers(&headers);
        assert_eq!(signed, "content-type;host;x-sdk-date");
        let canonical = canonical_request(&request, &canonical_headers, &signed);
        assert_eq!(
            hex::encode(Sha256::digest(canonical.as_bytes())),
            "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
        );
        let signer = Signer::new("AK", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc");
        let out = signer.sign(&request, date);
        assert_eq!(out[0], ("X-Sdk-Date", "20191115T033655Z".to_owned()));
        assert_eq!(
            out[1].1,
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-sdk-date, \
             Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
        );
    }

    /// Vector 2 of the spec: the Go SDK's signer test, signing only `x-sdk-date`.
    #[test]
    fn vector_go_sdk_only_date_signed() {
        let request = SigningRequest {
            method: "GET",
            path: "/path",
            query: pairs(&[("limit", "1")]),
            headers: vec![],
            body: b"",
        };
        let out = Signer::new("AccessKey", "SecretKey")
            .sign(&request, parse_date("20060102T150405Z").unwrap());
        assert_eq!(
            out[1].1,
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, \
             Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
        );
    }

    /// Vector 3 of the spec: canonical query ordering and encoding.
    #[test]
    fn vector_canonical_query() {
        let query = pairs(&[
            ("test", "一 (&=?!#%.*)"),
            ("path", "/tmp/123"),
            ("multi", "2"),
            ("multi", "1"),
            ("multi", "3"),
            ("limit", "1"),
            ("enable", "true"),
        ]);
        assert_eq!(
            canonical_query(&query),
            "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
        );
    }

    #[test]
    fn canonical_uri_reencodes_segments_and_ends_in_slash() {
        assert_eq!(canonical_uri("/v2/p/backuppolicy"), "/v2/p/backuppolicy/");
        assert_eq!(canonical_uri("/v2/p%20q/x%7e/"), "/v2/p%20q/x~/");
        assert_eq!(canonical_uri("/a/é"), "/a/%C3%A9/");
    }

    #[test]
    fn a_signature_verifies_and_a_wrong_secret_does_not() {
        let path = "/v2/proj/backuppolicy/pol/backuptasks";
        let query = pairs(&[("limit", "10"), ("job_id", "a b")]);
        let request = SigningRequest {
            method: "GET",
            path,
            query: query.clone(),
            headers: pairs(&[("Host", "127.0.0.1:8080")]),
            body: b"",
        };
        let now = parse_date("20261127T010203Z").unwrap();
        let signer = Signer::new("EMULATORAK", "emulator-secret").with_security_token("sts-token");
        let sent: Vec<(String, String)> = signer
            .sign(&request, now)
            .into_iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v))
            .chain([("host".to_owned(), "127.0.0.1:8080".to_owned())])
            .collect();
        let header = |name: &str| sent.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        let auth = Authorization::parse(&header("authorization").unwrap()).unwrap();
        assert_eq!(
            auth.signed_headers,
            ["host", "x-sdk-date", "x-security-token"]
        );
        signer
            .verify("GET", path, query.clone(), &auth, header, b"")
            .unwrap();

        let wrong = Signer::new("EMULATORAK", "not-the-secret");
        assert_eq!(
            wrong.verify("GET", path, query.clone(), &auth, header, b""),
            Err(VerifyError::BadSignature)
        );
        let tampered = pairs(&[("limit", "11"), ("job_id", "a b")]);
        assert_eq!(
            signer.verify("GET", path, tampered, &auth, header, b""),
            Err(VerifyError::BadSignature)
        );
        let other_key = Signer::new("OTHER", "emulator-secret");
        assert_eq!(
            other_key.verify("GET", path, query, &auth, header, b""),
            Err(VerifyError::UnknownAccessKey)
        );
    }

    #[test]
    fn authorization_headers_are_parsed_strictly() {
        let ok = Authorization::parse(
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=ABCD",
        )
        .unwrap();
        assert_eq!(ok.access_key, "AK");
        assert_eq!(ok.signature, "abcd");
        for bad in [
            "",
            "Bearer x",
            "SDK-HMAC-SHA256",
            "SDK-HMAC-SHA256 Access=AK",
            "SDK-HMAC-SHA256 Access=, SignedHeaders=a, Signature=b",
            "SDK-HMAC-SHA256 Foo=1, Access=a, SignedHeaders=a, Signature=b",
        ] {
            assert_eq!(
                Authorization::parse(bad),
                Err(VerifyError::Malformed),
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let signer = Signer::new("AK", "very-secret-key").with_security_token("very-secret-token");
        let shown = format!("{signer:?}");
        assert!(!shown.contains("very-secret"), "{shown}");
        assert!(shown.contains("AK"));
    }

    #[test]
    fn dates_round_trip() {
        let date = parse_date("20060102T150405Z").unwrap();
        assert_eq!(format_date(date), "20060102T150405Z");
        assert_eq!(
            parse_date("2006-01-02T15:04:05Z"),
            Err(VerifyError::BadDate)
        );
    }
}
