//! One numeric parameter as a labelled pair: a slider for quick moves and a
//! number field for exact values, kept in step, with a note under them
//! (where the value came from). Text that is not a whole number is refused
//! with a message next to the field and is never passed on.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ParamInputProps {
    /// The number field's id; the slider's is this plus `-range`.
    pub id: AttrValue,
    pub label: AttrValue,
    /// Unit shown after the field (`s`, `h`, `jobs/h`).
    pub unit: AttrValue,
    pub value: u64,
    /// The slider's range and step; the number field accepts any whole number.
    pub min: u64,
    pub max: u64,
    #[prop_or(1)]
    pub step: u64,
    /// Where the value came from, shown under the controls.
    #[prop_or_default]
    pub note: Html,
    pub on_change: Callback<u64>,
}

/// Read a whole, non-negative number (surrounding spaces allowed).
pub fn parse_whole(text: &str) -> Option<u64> {
    text.trim().parse::<u64>().ok()
}

fn input_value(e: &InputEvent) -> Option<String> {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
}

#[function_component(ParamInput)]
pub fn param_input(props: &ParamInputProps) -> Html {
    let invalid = use_state_eq(|| false);
    let on_number = {
        let invalid = invalid.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            match input_value(&e).as_deref().and_then(parse_whole) {
                Some(v) => {
                    invalid.set(false);
                    on_change.emit(v);
                }
                None => invalid.set(true),
            }
        })
    };
    let on_range = {
        let invalid = invalid.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e).as_deref().and_then(parse_whole) {
                invalid.set(false);
                on_change.emit(v);
            }
        })
    };
    let range_id = format!("{}-range", props.id);
    let note_id = format!("{}-note", props.id);
    let error_id = format!("{}-error", props.id);
    let max = props.max.max(props.value).max(props.min);
    let described = if *invalid {
        format!("{note_id} {error_id}")
    } else {
        note_id.clone()
    };
    html! {
        <div class="param">
            <label class="param-label" for={props.id.clone()}>{ props.label.clone() }</label>
            <div class="param-controls">
                <input type="range" id={range_id} min={props.min.to_string()} max={max.to_string()}
                    step={props.step.max(1).to_string()} value={props.value.to_string()}
                    aria-label={format!("{} (slider)", props.label)}
                    aria-describedby={note_id.clone()} oninput={on_range} />
                <input type="number" id={props.id.clone()} class="param-number" inputmode="numeric"
                    min="0" step="1" value={props.value.to_string()}
                    aria-invalid={(*invalid).then_some("true")}
                    aria-describedby={described} oninput={on_number} />
                <span class="param-unit">{ props.unit.clone() }</span>
            </div>
            <p class="param-note" id={note_id}>{ props.note.clone() }</p>
            if *invalid {
                <p class="param-error" id={error_id} role="alert">{ "Enter a whole number (0 or more)." }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_only() {
        assert_eq!(parse_whole(" 42 "), Some(42));
        assert_eq!(parse_whole("0"), Some(0));
        assert_eq!(parse_whole(""), None);
        assert_eq!(parse_whole("-1"), None);
        assert_eq!(parse_whole("1.5"), None);
        assert_eq!(parse_whole("99999999999999999999999"), None);
    }
}
