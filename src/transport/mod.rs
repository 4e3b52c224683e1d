//! The browser transport: a `Client` on `fetch` (through gloo-net) with auth (none, token, AK/SK), a time budget,
//! abort, retries and paging streams (wasm32 only), and the pure rules it runs on (everywhere).
//!
//! | file | concern | compiled |
//! |---|---|---|
//! | [`retry_policy`] | how many attempts, how long to wait (backoff, jitter, `Retry-After`) | everywhere |
//! | [`paging_guard`] | the next page's query, the end of a walk, the loop guards | everywhere |
//! | [`oplog_walk`] | the same for CBR's task list (offset only, contract §6) | everywhere |
//! | `client.rs` | `Client`, `Auth`, `RequestOptions`, the two VBS calls | wasm32 |
//! | `cbr.rs` | the CBR calls of `Client`: task list, one task, vaults, policies | wasm32 |
//! | `fetch.rs` | one attempt: URL, headers, signing, the gloo-net request, the answer as a typed error | wasm32 |
//! | `retry.rs` | the attempts of one call | wasm32 |
//! | `cancel.rs` | the caller's `AbortSignal` and the time budget | wasm32 |
//! | `paging.rs` | the one walk loop and its stream, `Walked` (`TaskPages`, `TaskStream`) | wasm32 |
//!
//! The pure parts compile natively so that their rules are unit-tested with `cargo test --lib`.

pub mod oplog_walk;
pub mod paging_guard;
pub mod retry_policy;

pub use oplog_walk::OpLogWalk;
pub use paging_guard::{PageWalk, Paging};
pub use retry_policy::RetryPolicy;

#[cfg(target_arch = "wasm32")]
mod cancel;
#[cfg(target_arch = "wasm32")]
mod cbr;
#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
mod paging;
#[cfg(target_arch = "wasm32")]
mod retry;

#[cfg(target_arch = "wasm32")]
pub use cbr::{OpLogPages, OpLogStream};
#[cfg(target_arch = "wasm32")]
pub use client::{Auth, Client, RequestOptions};
#[cfg(target_arch = "wasm32")]
pub use paging::{TaskPages, TaskStream, Walked};
