//! The `/v3/{project_id}/…` CBR routes: answered by the emulator, forwarded by the proxy, refused
//! at the root of a `--config` server (whose targets live under `/t/{name}/`).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use vbs_tasks::core::cbr::{CbrPath, ShowOpLog};

use crate::api_error::ApiError;
use crate::app::{AppState, Backend, DropConnection};
use crate::faults::Outcome;

/// The CBR path `raw_path` names, for a `method` request: one of the four GETs, or the refusal
/// (404 for another path, 405 for another method), as [`crate::app::api_path`] does for VBS.
pub fn cbr_path(method: &Method, raw_path: &str) -> Result<CbrPath, Box<Response>> {
    crate::app::get_only(method, CbrPath::parse(raw_path))
}

/// `/v3/…` (beside IAM's `/v3/projects`, which has its own route).
pub async fn cbr_api(State(state): State<Arc<AppState>>, request: Request) -> Response {
    // The head only: a request (its body) cannot be held across an await of a shared future.
    let (head, _) = request.into_parts();
    let (uri, method, headers) = (head.uri, head.method, head.headers);
    let raw_query = uri.query().unwrap_or("");
    match &state.backend {
        Backend::Targets(targets) => targets.root_refusal(),
        Backend::Proxy(proxy) => match cbr_path(&method, uri.path()) {
            Ok(path) => proxy.forward_cbr(&path, raw_query, &headers).await,
            Err(refusal) => *refusal,
        },
        Backend::Emulator {
            emulator,
            auth,
            faults,
        } => {
            let answer = async {
                let path = cbr_path(&method, uri.path()).map_err(|refusal| *refusal)?;
                super::check_auth(auth, &method, uri.path(), raw_query, &headers)
                    .map_err(IntoResponse::into_response)?;
                let key = super::fault_key(&path, raw_query);
                let decision = faults.decide(Some(&key));
                if !decision.delay.is_zero() {
                    tokio::time::sleep(decision.delay).await;
                }
                if let Some(response) = fault_response(decision.outcome) {
                    return Err(response);
                }
                let answer = match &path {
                    CbrPath::OperationLogs { project_id } => {
                        super::list_logs(emulator, project_id, raw_query, faults.repeats_page(&key))
                            .map(|page| Json(page).into_response())
                    }
                    CbrPath::OperationLog {
                        project_id,
                        operation_log_id,
                    } => super::show_log(emulator, project_id, operation_log_id)
                        .map(|log| Json(ShowOpLog(&log)).into_response()),
                    CbrPath::Policies { project_id } => {
                        super::list_policies(emulator, project_id, raw_query)
                            .map(|v| Json(v).into_response())
                    }
                    CbrPath::Vaults { project_id } => {
                        super::list_vaults(emulator, project_id, raw_query)
                            .map(|v| Json(v).into_response())
                    }
                    _ => Err(ApiError::no_such_api()),
                };
                Ok(answer.unwrap_or_else(IntoResponse::into_response))
            }
            .await;
            crate::api_error::with_request_id(answer.unwrap_or_else(|refusal| refusal))
        }
    }
}

/// The answer an injected fault gives instead of the real one; `None` to answer normally.
fn fault_response(outcome: Outcome) -> Option<Response> {
    match outcome {
        Outcome::Drop => {
            let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            response.extensions_mut().insert(DropConnection);
            Some(response)
        }
        Outcome::Status(status, retry_after) => {
            Some(ApiError::cbr_unavailable(status, retry_after).into_response())
        }
        Outcome::Raw(status, content_type, body) => {
            let content_type = HeaderValue::from_str(&content_type)
                .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
            Some((status, [(header::CONTENT_TYPE, content_type)], body).into_response())
        }
        Outcome::Normal => None,
    }
}
