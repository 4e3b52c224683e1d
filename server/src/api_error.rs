//! The error bodies the emulator and the proxy answer with, in the two shapes the API documents.
//!
//! Codes follow the vendor's families. Where the API reference names a code it is used as named
//! (`AutoBackup.0002/0003/0205`, `VolumeBackup.0900`, `APIGW.0301`); the emulator's own choices are
//! `AutoBackup.0005` for an invalid query parameter and `common.0011` for an unknown project;
//! `VbsServer.*` are this server's own (its login), not the cloud's.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use serde_json::json;

/// The code of [`ApiError::sign_in_needed`] (the viewer's sign-in form reacts to it).
pub const SIGN_IN_CODE: &str = "VbsServer.0401";

/// An error answer, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The API code.
    pub code: &'static str,
    /// The human message.
    pub message: String,
    /// Which body shape to use.
    pub shape: Shape,
    /// `Retry-After` (the header's text: seconds or an HTTP date), when set.
    pub retry_after: Option<String>,
}

/// `{"error":{"code","message"}}` from the service, or `{"error_code","error_msg","request_id"}`
/// from the API gateway in front of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The service's own shape.
    Service,
    /// The API gateway's shape.
    Gateway,
    /// CBR's service shape: `{"error_code","error_msg"}` (its contract §5.1).
    Cbr,
}

impl ApiError {
    fn service(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            shape: Shape::Service,
            retry_after: None,
        }
    }

    fn gateway(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            shape: Shape::Gateway,
            ..Self::service(status, code, message)
        }
    }

    fn cbr(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            shape: Shape::Cbr,
            ..Self::service(status, code, message)
        }
    }

    /// CBR's 400 for a parameter it refuses (contract §10 Q3–Q8), saying which and why.
    pub fn cbr_invalid_parameter(reason: impl std::fmt::Display) -> Self {
        Self::cbr(
            StatusCode::BAD_REQUEST,
            "BackupService.9900",
            format!("Parameter verification failed: {reason}"),
        )
    }

    /// CBR's 404 for an operation log that does not exist (ShowOpLog's documented answer).
    pub fn cbr_log_not_found() -> Self {
        Self::cbr(
            StatusCode::NOT_FOUND,
            "BackupService.6500",
            "Operation log does not exist.",
        )
    }

    /// CBR's answer to an injected fault: its generic error code with the fault's status.
    pub fn cbr_unavailable(status: StatusCode, retry_after: Option<String>) -> Self {
        ApiError {
            retry_after,
            ..Self::cbr(
                status,
                "BackupService.9910",
                "The backup service is unavailable. Try again later.",
            )
        }
    }

    /// The gateway's 401 in front of CBR (contract §10 Q13): `reason` is what was wrong.
    pub fn cbr_unauthenticated(reason: &str) -> Self {
        Self::gateway(
            StatusCode::UNAUTHORIZED,
            "APIGW.0301",
            format!("Incorrect IAM authentication information: {reason}"),
        )
    }

    /// 400 for a query the core's `TaskQuery` refuses, or a limit over 1000.
    pub fn invalid_parameter(reason: impl std::fmt::Display) -> Self {
        Self::service(
            StatusCode::BAD_REQUEST,
            "AutoBackup.0005",
            format!("Invalid parameter: {reason}"),
        )
    }

    /// 404 for a project the emulator does not serve.
    pub fn unknown_project(project_id: &str) -> Self {
        Self::service(
            StatusCode::NOT_FOUND,
            "common.0011",
            format!("The project {project_id} does not exist."),
        )
    }

    /// 404 for a policy that does not exist.
    pub fn unknown_policy(policy_id: &str) -> Self {
        Self::service(
            StatusCode::NOT_FOUND,
            "AutoBackup.0205",
            format!("The backup policy {policy_id} does not exist."),
        )
    }

    /// 400 for a marker that names no task of the policy.
    pub fn unknown_marker(marker: &str) -> Self {
        Self::invalid_parameter(format!("marker {marker:?} is not a task of this policy"))
    }

    /// 401 when auth is required and the request carries none.
    pub fn token_missing() -> Self {
        Self::service(
            StatusCode::UNAUTHORIZED,
            "AutoBackup.0002",
            "The token is empty.",
        )
    }

    /// 401 for a token the emulator does not accept.
    pub fn token_invalid() -> Self {
        Self::service(
            StatusCode::UNAUTHORIZED,
            "AutoBackup.0003",
            "The token has expired or is invalid.",
        )
    }

    /// 401 for a refused AK/SK signature, in the gateway's shape as the real gateway answers it.
    pub fn bad_signature(reason: impl std::fmt::Display) -> Self {
        Self::gateway(
            StatusCode::UNAUTHORIZED,
            "APIGW.0301",
            format!("Incorrect IAM authentication information: {reason}"),
        )
    }

    /// 401 from a server behind a login (`--access-tokens`) for a request without a valid token
    /// or session. Its own code, so that the viewer can tell it from refused API credentials.
    pub fn sign_in_needed() -> Self {
        Self::gateway(
            StatusCode::UNAUTHORIZED,
            SIGN_IN_CODE,
            "Sign in: this vbs-server needs an access token (ask its administrator for one).",
        )
    }

    /// 429 while an address is locked out after repeated failed sign-ins.
    pub fn too_many_sign_ins(wait: std::time::Duration) -> Self {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        ApiError {
            retry_after: Some(seconds.to_string()),
            ..Self::gateway(
                StatusCode::TOO_MANY_REQUESTS,
                "VbsServer.0429",
                format!(
                    "Too many failed sign-ins from this address: try again in {seconds} seconds."
                ),
            )
        }
    }

    /// 403 for a sign-in or sign-out sent from another site's page.
    pub fn cross_site_sign_in() -> Self {
        Self::gateway(
            StatusCode::FORBIDDEN,
            "VbsServer.0403",
            "Sign in from this server's own page.",
        )
    }

    /// 404 for a path that is not one of the API's two (the gateway knows no such API).
    pub fn no_such_api() -> Self {
        Self::gateway(
            StatusCode::NOT_FOUND,
            "APIGW.0101",
            "The API does not exist or has not been published in the environment.",
        )
    }

    /// 405 for a method other than GET on an API path.
    pub fn method_not_allowed() -> Self {
        Self::gateway(
            StatusCode::METHOD_NOT_ALLOWED,
            "APIGW.0101",
            "Only GET is supported on this API.",
        )
    }

    /// 400 for a request the proxy refuses to forward (absolute-form target, odd host, tricks).
    pub fn refused(reason: impl Into<String>) -> Self {
        Self::gateway(StatusCode::BAD_REQUEST, "APIGW.0201", reason)
    }

    /// 503 as an injected fault or an overloaded service.
    pub fn unavailable(status: StatusCode, retry_after: Option<String>) -> Self {
        ApiError {
            retry_after,
            ..Self::service(
                status,
                "VolumeBackup.0900",
                "The backup service is unavailable. Try again later.",
            )
        }
    }

    /// 502/504 when the proxy's upstream failed or did not answer.
    pub fn upstream(status: StatusCode, reason: impl Into<String>) -> Self {
        Self::gateway(status, "APIGW.0202", reason)
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        match self.shape {
            Shape::Service => json!({"error": {"code": self.code, "message": self.message}}),
            Shape::Cbr => json!({"error_code": self.code, "error_msg": self.message}),
            Shape::Gateway => json!({
                "error_code": self.code,
                "error_msg": self.message,
                "request_id": request_id(),
            }),
        }
    }
}

/// `response` with an `X-Request-Id` (the header that names an answer for the service's
/// support, and for the audit log), unless it has one.
pub fn with_request_id(mut response: Response) -> Response {
    let name = header::HeaderName::from_static("x-request-id");
    if !response.headers().contains_key(&name) {
        if let Ok(id) = HeaderValue::from_str(&request_id()) {
            response.headers_mut().insert(name, id);
        }
    }
    response
}

fn request_id() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        // A scripted text that cannot be a header value is left out.
        if let Some(value) = self
            .retry_after
            .and_then(|text| HeaderValue::from_str(&text).ok())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shapes_read_back_through_the_core_error() {
        for err in [
            ApiError::unknown_policy("p-1"),
            ApiError::bad_signature("the signature does not match"),
            ApiError::invalid_parameter("limit must be at least 1"),
        ] {
            let body = serde_json::to_vec(&err.body()).unwrap();
            let read = vbs_tasks::Error::from_response(err.status.as_u16(), &body);
            assert_eq!(read.code(), Some(err.code));
            assert_eq!(read.message(), Some(err.message.as_str()));
            assert_eq!(read.request_id().is_some(), err.shape == Shape::Gateway);
        }
    }
}
