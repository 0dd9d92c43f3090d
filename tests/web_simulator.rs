//! Component tests of the simulator view in headless Chromium: the values
//! proposed from given evidence are shown with their source, and editing a
//! number field re-simulates: the totals table then holds exactly what
//! `kbwiz_engine::sim::compare` gives for the new parameters.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use kbwiz_engine::api::ModelCalibration;
use kbwiz_engine::evidence::{Evidence, Fact, RegistryKey, StatusMessage};
use kbwiz_engine::sim::{self, Comparison, Params};
use kbwiz_web::shared::Shared;
use kbwiz_web::state::ViewsMade;
use kbwiz_web::views::simulator::{scenario_key, SimulatorProps, SimulatorView};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{mount_point, text};

/// Three child sites seen in 2339 messages from CEN, and two packages with a
/// Retry History key.
fn evidence() -> Vec<Evidence> {
    let mut out = Vec::new();
    for (line, child) in ["S01", "S02", "S03"].iter().enumerate() {
        out.push(Evidence {
            input: "status.txt".into(),
            line: line + 1,
            text: format!("2339 to {child}"),
            fact: Fact::StatusMessage(StatusMessage {
                id: 2339,
                site: Some("CEN".into()),
                package_id: Some("CEN00001".into()),
                child_site: Some((*child).into()),
                ..StatusMessage::default()
            }),
        });
    }
    for (line, package) in ["CEN00001", "CEN00002"].iter().enumerate() {
        out.push(Evidence {
            input: "retry.reg".into(),
            line: line + 1,
            text: String::new(),
            fact: Fact::RegistryKey(RegistryKey {
                path: format!("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\{package}"),
                deleted: false,
                values: Vec::new(),
            }),
        });
    }
    out
}

fn input(root: &web_sys::Element, id: &str) -> web_sys::HtmlInputElement {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no #{id}"))
        .dyn_into()
        .unwrap()
}

/// Type `value` into a number field the way a browser reports it.
fn type_into(field: &web_sys::HtmlInputElement, value: &str) {
    field.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    field.dispatch_event(&event).unwrap();
}

/// The totals table as (scenario, [retries, created, sent, peak, peak at, end, threshold at]).
fn table(root: &web_sys::Element) -> Vec<(String, Vec<String>)> {
    let rows = root.query_selector_all(".sim-totals tbody tr").unwrap();
    (0..rows.length())
        .map(|i| {
            let row: web_sys::Element = rows.item(i).unwrap().dyn_into().unwrap();
            let cells = row.query_selector_all("td").unwrap();
            let values = (0..cells.length())
                .map(|k| {
                    let cell: web_sys::Element = cells.item(k).unwrap().dyn_into().unwrap();
                    cell.get_attribute("data-value").unwrap_or_default()
                })
                .collect();
            (
                row.get_attribute("data-scenario").unwrap_or_default(),
                values,
            )
        })
        .collect()
}

fn expected(c: &Comparison) -> Vec<(String, Vec<String>)> {
    c.runs
        .iter()
        .map(|run| {
            let r = &run.result;
            let t = &r.totals;
            (
                scenario_key(run.scenario).to_string(),
                vec![
                    t.retries.to_string(),
                    t.created.to_string(),
                    t.sent.to_string(),
                    t.peak_backlog.to_string(),
                    r.peak_at_s.to_string(),
                    t.backlog_end.to_string(),
                    r.threshold_exceeded_at_s
                        .map(|s| s.to_string())
                        .unwrap_or_default(),
                ],
            )
        })
        .collect()
}

fn mount(evidence: Vec<Evidence>) -> (web_sys::Element, Rc<RefCell<Vec<Params>>>) {
    mount_with(evidence, None)
}

fn mount_with(
    evidence: Vec<Evidence>,
    made: Option<Shared<ViewsMade>>,
) -> (web_sys::Element, Rc<RefCell<Vec<Params>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let props = SimulatorProps {
        kb: Shared(common::install_kb()),
        evidence: Shared::new(evidence),
        article: Default::default(),
        params: None,
        on_params: {
            let seen = Rc::clone(&seen);
            Callback::from(move |p: Params| seen.borrow_mut().push(p))
        },
        made,
    };
    let root = mount_point();
    yew::Renderer::<SimulatorView>::with_root_and_props(root.clone(), props).render();
    (root, seen)
}

/// The app keeps the calibration it made: a view over the same evidence
/// shows the kept one (here doctored, so it can be told apart) rather
/// than calibrating again.
#[wasm_bindgen_test]
async fn a_kept_calibration_is_shown_again() {
    let made = Shared::new(ViewsMade::default());
    let (root, _) = mount_with(evidence(), Some(made.clone()));
    yew::scheduler::flush().await;
    assert_eq!(input(&root, "sim-failing").value(), "2");
    let kept = made
        .calibration_of("")
        .expect("the view kept its calibration");
    let Ok((ModelCalibration::RetryLoop(c), specs)) = &*kept else {
        panic!("a retry-loop calibration: {kept:?}");
    };
    let mut doctored = c.clone();
    doctored.params.failing_packages = 9;
    made.keep_calibration(
        "",
        Rc::new(Ok((
            ModelCalibration::RetryLoop(doctored),
            Rc::clone(specs),
        ))),
    );
    let (again, _) = mount_with(evidence(), Some(made));
    yew::scheduler::flush().await;
    assert_eq!(input(&again, "sim-failing").value(), "9");
}

#[wasm_bindgen_test]
async fn calibrates_and_resimulates_on_edit() {
    let ev = evidence();
    let calibration = kbwiz_engine::api::calibrate(&ev, &common::install_kb(), None)
        .expect("the KB models this fault");
    let resend = calibration.resend;
    let calibrated = calibration.params;
    let (root, seen) = mount(ev);
    yew::scheduler::flush().await;

    assert_eq!(input(&root, "sim-sites").value(), "3");
    assert_eq!(input(&root, "sim-failing").value(), "2");
    assert_eq!(input(&root, "sim-hours").value(), "72");
    assert_eq!(input(&root, "sim-retry").value(), "3600");
    assert_eq!(
        text(&root, "#sim-sites-note"),
        "from the evidence (3 facts)"
    );
    assert_eq!(
        text(&root, "#sim-failing-note"),
        "from the evidence (2 facts)"
    );
    assert_eq!(text(&root, "#sim-hours-note"), "default");
    assert_eq!(text(&root, ".central-site"), "CEN");

    let before = table(&root);
    assert_eq!(
        before,
        expected(&sim::compare_with(&calibrated, resend).unwrap())
    );
    assert_eq!(before.len(), 5);
    assert_eq!(
        root.query_selector_all("svg path.series").unwrap().length(),
        5
    );

    type_into(&input(&root, "sim-failing"), "5");
    yew::scheduler::flush().await;
    let edited = Params {
        failing_packages: 5,
        ..calibrated.clone()
    };
    let after = table(&root);
    assert_eq!(
        after,
        expected(&sim::compare_with(&edited, resend).unwrap())
    );
    assert_ne!(after, before);
    assert_eq!(seen.borrow().last(), Some(&edited));
    assert_eq!(
        text(&root, "#sim-failing-note"),
        "edited; proposed 2 packages (from the evidence (2 facts))"
    );
    assert_eq!(input(&root, "sim-failing-range").value(), "5");
}

#[wasm_bindgen_test]
async fn invalid_parameters_show_the_engine_message() {
    let (root, seen) = mount(evidence());
    yew::scheduler::flush().await;

    type_into(&input(&root, "sim-capacity"), "0");
    yew::scheduler::flush().await;
    assert_eq!(
        text(&root, ".sim-error"),
        "Cannot simulate these parameters: the Sender's capacity must be at least one job per hour."
    );
    assert!(root.query_selector(".sim-totals").unwrap().is_none());
    assert_eq!(seen.borrow().last().map(|p| p.capacity_per_hour), Some(0));

    // Text that is not a whole number is refused at the field.
    type_into(&input(&root, "sim-hours"), "-3");
    yew::scheduler::flush().await;
    assert_eq!(
        text(&root, "#sim-hours-error"),
        "Enter a whole number (0 or more)."
    );
    assert_eq!(seen.borrow().len(), 1);

    type_into(&input(&root, "sim-capacity"), "2000");
    yew::scheduler::flush().await;
    assert!(root.query_selector(".sim-error").unwrap().is_none());
    assert_eq!(table(&root).len(), 5);
}

/// Not a timed assertion: prints how long one edit takes to re-simulate and
/// re-render for the simulator's benchmark scenario (1,000 sites, 50 packages,
/// 30 days), in this debug build.
#[wasm_bindgen_test]
async fn reports_edit_to_render_time() {
    let (root, _) = mount(evidence());
    yew::scheduler::flush().await;
    type_into(&input(&root, "sim-hours"), "720");
    type_into(&input(&root, "sim-failing"), "50");
    yew::scheduler::flush().await;
    let start = js_sys::Date::now();
    type_into(&input(&root, "sim-sites"), "1000");
    yew::scheduler::flush().await;
    let elapsed = js_sys::Date::now() - start;
    assert_eq!(table(&root).len(), 5);
    console_log!("edit to rendered comparison (1000 sites, 50 packages, 720 h): {elapsed} ms");
}
