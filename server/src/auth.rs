//! Who may call the emulated API: a token in `X-Auth-Token`, or an `SDK-HMAC-SHA256` signature
//! checked with the core's signer against the emulator's own AK/SK.

use axum::http::HeaderMap;
use time::OffsetDateTime;
use vbs_tasks::core::sign::{self, Authorization, VerifyError};
use vbs_tasks::Signer;

use crate::api_error::ApiError;

/// How far `X-Sdk-Date` may be from the server's clock, as the real gateway allows.
pub const MAX_CLOCK_SKEW: time::Duration = time::Duration::minutes(15);

/// The emulator's credentials and whether they are required.
#[derive(Debug, Clone)]
pub struct Auth {
    /// Refuse requests with no credentials.
    pub required: bool,
    /// The accepted token.
    pub token: String,
    /// The accepted AK/SK.
    pub signer: Signer,
}

impl Auth {
    /// Checks a request's credentials; `raw_path` and `raw_query` as received.
    pub fn check(
        &self,
        method: &str,
        raw_path: &str,
        raw_query: &str,
        headers: &HeaderMap,
    ) -> Result<(), ApiError> {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        if let Some(authorization) = header("authorization") {
            return self.check_signature(method, raw_path, raw_query, &authorization, header);
        }
        // An empty header is no token: "token empty" (AutoBackup.0002), not "expired".
        match header("x-auth-token").filter(|token| !token.is_empty()) {
            Some(token) if token == self.token => Ok(()),
            Some(_) => Err(ApiError::token_invalid()),
            None if self.required => Err(ApiError::token_missing()),
            None => Ok(()),
        }
    }

    fn check_signature(
        &self,
        method: &str,
        raw_path: &str,
        raw_query: &str,
        authorization: &str,
        header: impl Fn(&str) -> Option<String>,
    ) -> Result<(), ApiError> {
        let parsed = Authorization::parse(authorization).map_err(ApiError::bad_signature)?;
        let date = header("x-sdk-date")
            .ok_or_else(|| ApiError::bad_signature(VerifyError::DateNotSigned))?;
        let signed_at = sign::parse_date(&date).map_err(ApiError::bad_signature)?;
        if (OffsetDateTime::now_utc() - signed_at).abs() > MAX_CLOCK_SKEW {
            return Err(ApiError::bad_signature(VerifyError::BadDate));
        }
        let query = form_pairs(raw_query);
        self.signer
            .verify(method, raw_path, query, &parsed, header, b"")
            .map_err(ApiError::bad_signature)
    }
}

/// The decoded pairs of a raw query string (`+` is a space, as the vendor's signer reads it).
pub fn form_pairs(raw_query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(raw_query.as_bytes())
        .into_owned()
        .collect()
}
