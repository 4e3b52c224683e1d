//! The viewer: a Yew single-page app that shows a policy's backup tasks as a filterable, paged
//! table (built by Trunk from `src/viewer/main.rs`, feature `viewer`).
//!
//! | file | concern | compiled |
//! |---|---|---|
//! | [`route`] | the URL query ⇄ [`route::View`] conversion | everywhere |
//! | [`state`] | the view state, its `Action`s and the pure `reduce` | everywhere |
//! | [`format`](mod@format) | labels, counts, page summaries, times and durations | everywhere |
//! | [`windowing`] | which rows of a long table are in the page | everywhere |
//! | `app.rs` | the root component | wasm32 + `viewer` |
//! | `boot.rs` | before the first render: the config, the stored settings, the first requests | wasm32 + `viewer` |
//! | `hooks.rs` | the effects: policies and tasks fetches, clock, URL sync | wasm32 + `viewer` |
//! | `browser.rs` | storage, clipboard, time zone, focus | wasm32 + `viewer` |
//! | `components/` | one component per file | wasm32 + `viewer` |
//!
//! The pure parts are unit-tested natively (`cargo test`); the app is tested end to end in headless
//! Chromium (`scripts/e2e`).

pub mod format;
pub mod i18n;
pub mod route;
pub mod state;
pub mod windowing;

#[cfg(all(target_arch = "wasm32", feature = "viewer"))]
mod app;
#[cfg(all(target_arch = "wasm32", feature = "viewer"))]
mod boot;
#[cfg(all(target_arch = "wasm32", feature = "viewer"))]
mod browser;
#[cfg(all(target_arch = "wasm32", feature = "viewer"))]
mod components;
#[cfg(all(target_arch = "wasm32", feature = "viewer"))]
mod hooks;

/// Renders the viewer into the page's `<body>`, once the server's config is read and the first
/// answers are in or late (see `boot.rs`).
#[cfg(all(target_arch = "wasm32", feature = "viewer"))]
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        let boot::Boot { state, prefetched } = boot::boot().await;
        yew::Renderer::<app::App>::with_props(app::AppProps { state, prefetched }).render();
    });
}
