//! `class` attributes of a few names, some of them optional.
//!
//! yew's `classes!` expands, at every use, into code that builds its ordered
//! set name by name (and the `Classes` value goes through the set once more
//! when `html!` reads the attribute). Every class list in kbwiz is a few
//! distinct one-word names, so joining the ones present here first gives the
//! same attribute with one call per element.

use yew::AttrValue;

/// The names that are present, in order, joined by spaces; `None` (no
/// attribute, as `classes!` gives for an empty list) when none is.
pub fn class_list(names: &[Option<&str>]) -> Option<AttrValue> {
    let mut out = String::new();
    for name in names.iter().flatten() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(name);
    }
    (!out.is_empty()).then(|| out.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_the_names_present() {
        assert_eq!(
            class_list(&[Some("step"), None, Some("override")]).as_deref(),
            Some("step override")
        );
        assert_eq!(class_list(&[None, None]), None);
    }
}
