//! The pure core: query, model, errors, timestamps and the AK/SK signer.
//!
//! No browser, no server, no I/O: it compiles for native and wasm32 and is what every other part
//! (the browser transport, the JS façade, the viewer, the emulator and proxy) stands on.

pub mod cbr;
pub mod error;
mod json_path;
pub mod model;
pub mod query;
pub(crate) mod read;
pub mod sign;
pub mod taskrow;
pub mod time;
