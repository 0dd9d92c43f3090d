//! kbwiz in the browser: the yew app's entry point.

fn main() {}
