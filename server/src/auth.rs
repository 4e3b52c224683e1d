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

/// Why [`Auth::check_token`] refused a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    /// No token, where one is required.
    Missing,
    /// A token that is not the emulator's.
    Invalid,
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
        self.check_token(headers).map_err(|refusal| match refusal {
            TokenRefusal::Missing => ApiError::token_missing(),
            TokenRefusal::Invalid => ApiError::token_invalid(),
        })
    }

    /// The token rule of both APIs (each answers a refusal in its own shape): the emulator's
    /// token passes, another is invalid, none is missing only with `--require-auth`. An empty
    /// header is no token ("token empty", not "expired").
    pub fn check_token(&self, headers: &HeaderMap) -> Result<(), TokenRefusal> {
        match headers
            .get("x-auth-token")
            .and_then(|value| value.to_str().ok())
            .filter(|token| !token.is_empty())
        {
            Some(token) if token == self.token => Ok(()),
            Some(_) => Err(TokenRefusal::Invalid),
            None if self.required => Err(TokenRefusal::Missing),
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
