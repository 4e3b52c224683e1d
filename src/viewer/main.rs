//! The viewer's Trunk entry point: renders the app from the library (`vbs_tasks::viewer`).

fn main() {
    #[cfg(all(target_arch = "wasm32", feature = "viewer"))]
    vbs_tasks::viewer::start();
}
