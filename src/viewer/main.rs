//! The viewer: a Yew single-page app that shows a policy's backup tasks as a filterable, paged
//! table. Trunk builds this binary for wasm32 with feature `viewer` (`index.html`); it stands on
//! the `vbs_tasks` library (the client: query, model, errors, signer, transport) and on
//! `vbs_tasks::viewer_config`, its contract with `vbs-server`.
//!
//! | module | concern | compiled |
//! |---|---|---|
//! | [`route`] | the URL query ⇄ [`route::View`] conversion | everywhere |
//! | [`rows`] | a page of task rows, from either API | everywhere |
//! | [`state`] | the view state, one module per concern, each with its `Action`s | everywhere |
//! | [`format`] | labels, counts, page summaries, times and durations | everywhere |
//! | [`i18n`] | every text of the page, in English and 简体中文 | everywhere |
//! | [`insights`] | export files, duration statistics, chart geometry | everywhere |
//! | [`windowing`] | which rows of a long table are in the page | everywhere |
//! | [`sign_in`] | what a server behind a login said about the last sign-in, where to go after | everywhere |
//! | `app.rs` | the root component | wasm32 + `viewer` |
//! | `boot.rs` | before the first render: the config, the stored settings, the first requests | wasm32 + `viewer` |
//! | `hooks/` | the effects: fetches, export, counts, clock, URL sync, keys | wasm32 + `viewer` |
//! | `browser.rs` | storage, clipboard, notifications, focus | wasm32 + `viewer` |
//! | `components/` | one function component per file | wasm32 + `viewer` |
//!
//! The pure parts are unit-tested natively (`cargo test --workspace --features vbs-tasks/viewer`,
//! which builds this binary's tests); the browser parts in headless Chromium (wasm-bindgen-test)
//! and the app end to end (`scripts/e2e`).

// Natively only the pure modules are built, for their tests: the app that uses them is wasm32's.
#![cfg_attr(
    not(all(target_arch = "wasm32", feature = "viewer")),
    allow(dead_code, unused_imports)
)]

mod format;
mod i18n;
mod insights;
mod route;
mod rows;
mod sign_in;
mod state;
mod windowing;

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
/// answers are in or late (see `boot.rs`); or the sign-in form a server behind a login asks for.
#[cfg(all(target_arch = "wasm32", feature = "viewer"))]
fn main() {
    wasm_bindgen_futures::spawn_local(async {
        match boot::boot().await {
            boot::Start::App(boot::Boot { state, prefetched }) => {
                yew::Renderer::<app::App>::with_props(app::AppProps { state, prefetched }).render();
            }
            boot::Start::SignIn => {
                let props = components::sign_in::SignInProps {
                    lang: browser::initial_lang(),
                };
                yew::Renderer::<components::sign_in::SignIn>::with_props(props).render();
            }
        }
    });
}

/// Natively there is no page to render into: the binary exists there for its modules' tests.
#[cfg(not(all(target_arch = "wasm32", feature = "viewer")))]
fn main() {}
