//! kbwiz in the browser: mounts the app on the page body.

fn main() {
    yew::Renderer::<kbwiz_web::app::App>::new().render();
}
