//! The viewer: a Yew single-page app built by Trunk (placeholder until the viewer issue lands).

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<App>::new().render();
}

#[cfg(target_arch = "wasm32")]
#[yew::function_component]
fn App() -> yew::Html {
    yew::html! { <main><h1>{ "VBS backup tasks" }</h1><p>{ "The viewer is being built." }</p></main> }
}
