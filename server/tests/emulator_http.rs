//! The emulator over HTTP: every parameter, invalid values, error bodies, paging through the big
//! policy by offset and by marker, auth, fault injection, and the request guards. One test binary
//! (`cargo test -p vbs-server --test emulator_http`) whose tests stand by theme in
//! `emulator_http/`: the task list, auth, fault injection, the request guards, and the viewer's
//! files.

mod common;

#[path = "emulator_http/auth.rs"]
mod auth;
#[path = "emulator_http/faults.rs"]
mod faults;
#[path = "emulator_http/guards.rs"]
mod guards;
#[path = "emulator_http/tasks.rs"]
mod tasks;
#[path = "emulator_http/viewer.rs"]
mod viewer;
