//! What every view can reach, and the hooks that reach it: the app's state,
//! navigation, and whether it runs in a widget. Kept apart from the app
//! shell so that views depend on this module and the shell on the views,
//! with no cycle between them.

use crate::route::Route;
use crate::state::AppState;
use yew::prelude::*;

/// What every view can reach: the state, and how to navigate.
#[derive(Clone, PartialEq)]
pub struct AppContext {
    pub state: UseReducerHandle<AppState>,
    pub navigate: Callback<Route>,
    pub embedded: bool,
    pub compact: bool,
}

/// The app state handle (panics only if used outside the app, a programming error).
#[hook]
pub fn use_app() -> UseReducerHandle<AppState> {
    use_context::<AppContext>()
        .expect("views render inside App")
        .state
}

/// Navigate to a route.
#[hook]
pub fn use_nav() -> Callback<Route> {
    use_context::<AppContext>()
        .map(|c| c.navigate)
        .unwrap_or_default()
}

/// Whether the app runs inside a widget.
#[hook]
pub fn use_embedded() -> bool {
    use_context::<AppContext>().is_some_and(|c| c.embedded)
}
