//! # vbs-tasks
//!
//! A client for Huawei Cloud's backup task lists: VBS's *query the backup tasks of a backup
//! policy* (`GET /v2/{project_id}/backuppolicy/{policy_id}/backuptasks`) with its sibling that
//! lists the policies, and CBR's task list (`GET /v3/{project_id}/operation-logs`) with the vault
//! and policy lists it is filtered by. Both map to one row view, [`TaskRow`].
//!
//! - [`core`]: the query builder, the response model, the one error type, zone-less UTC timestamps
//!   and the `SDK-HMAC-SHA256` signer. Pure Rust, native and wasm32.
//! - [`transport`]: the browser client on `fetch` (wasm32 only), with auth, timeout, abort,
//!   retries and paging streams; its retry and paging rules are pure and compile everywhere.
//! - `js` (wasm32 only): the `wasm-bindgen` façade published to npm as `vbs-tasks`.
//! - [`viewer_config`]: what `vbs-server` tells the viewer it serves (`/viewer-config.json`), the
//!   one definition both use.
//!
//! The viewer (a Yew app: the `vbs-viewer` binary, `src/viewer/main.rs`, feature `viewer`) and the
//! emulator/proxy (`server/`, crate `vbs-server`) are built on this library; the viewer's own
//! modules are the binary's, not part of this API.
#![deny(missing_docs)]

pub mod core;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub mod js;
pub mod transport;
pub mod viewer_config;

pub use crate::core::cbr::{
    CbrPath, CbrPolicy, CbrPolicyList, CbrPolicyQuery, OpErrorInfo, OpExtraInfo, OpLogPage,
    OpLogQuery, OpLogStatus, OperationLog, OperationType, Resource, ResourceType, Vault, VaultList,
    VaultQuery,
};
pub use crate::core::error::{Error, ErrorKind};
pub use crate::core::model::{Policy, PolicyList, Schedule, Task, TaskPage, TaskStatus};
pub use crate::core::query::{ApiPath, SortDir, SortKey, TaskQuery};
pub use crate::core::sign::Signer;
pub use crate::core::taskrow::{Service, TaskRow};
pub use crate::core::time::Timestamp;
#[cfg(target_arch = "wasm32")]
pub use crate::transport::{
    Auth, Client, OpLogPages, OpLogStream, RequestOptions, TaskPages, TaskStream,
};
pub use crate::transport::{OpLogWalk, Paging, RetryPolicy};

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
