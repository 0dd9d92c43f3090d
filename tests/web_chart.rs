//! Component tests of the SVG line chart in headless Chromium: one path per
//! series with the number of points the downsampling keeps, axis labels,
//! legend entries, the accessible summary and the data-table fallback.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use kbwiz_web::components::chart::{
    ChartData, Guide, GuideAxis, LineChart, LineChartProps, Series,
};
use kbwiz_web::components::chart_scale::XAxis;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::texts;

fn mount_point() -> web_sys::Element {
    let div = common::mount_point();
    // The chart draws at its measured width: fix it for exact figures (a
    // <figure> has 40 px side margins without the app's CSS: 720 px inside).
    div.set_attribute("style", "width: 800px").expect("styled");
    div
}

fn props(data: ChartData) -> LineChartProps {
    LineChartProps {
        data: Rc::new(data),
        title: "Backlog".into(),
        x_label: "Time".into(),
        x_unit: "h".into(),
        y_label: "Backlog".into(),
        y_unit: "jobs".into(),
        x_axis: XAxis::Hours,
        guides: vec![Guide {
            axis: GuideAxis::Y,
            at: 2500.0,
            label: "threshold".into(),
        }],
        width: 720,
        height: 320,
    }
}

#[wasm_bindgen_test]
async fn paths_axes_and_legend() {
    // 5,001 points into 720 - 58 - 14 = 648 pixel columns.
    let xs: Vec<f64> = (0..=5000).map(f64::from).collect();
    let data = ChartData {
        series: vec![
            Series {
                label: "rising".into(),
                values: xs.clone(),
                emphasis: true,
            },
            Series {
                label: "flat".into(),
                values: vec![5.0; xs.len()],
                emphasis: false,
            },
        ],
        xs,
    };
    let root = mount_point();
    yew::Renderer::<LineChart>::with_root_and_props(root.clone(), props(data)).render();
    yew::scheduler::flush().await;

    let paths = root.query_selector_all("svg path.series").unwrap();
    assert_eq!(paths.length(), 2);
    let expected = [("rising", 1296usize), ("flat", 649usize)];
    for (i, (label, points)) in expected.iter().enumerate() {
        let path: web_sys::Element = paths.item(i as u32).unwrap().dyn_into().unwrap();
        assert_eq!(path.get_attribute("data-series").as_deref(), Some(*label));
        assert_eq!(path.get_attribute("data-points"), Some(points.to_string()));
        let d = path.get_attribute("d").expect("a path");
        let commands = d.chars().filter(|c| *c == 'M' || *c == 'L').count();
        assert_eq!(commands, *points, "{label}");
        assert!(d.starts_with("M58.0 "), "{d}");
    }
    assert_eq!(
        texts(&root, "path.series.emphasis title"),
        vec!["rising: peak 5,000 jobs at 5,000 h"]
    );

    assert_eq!(
        texts(&root, ".axis-label"),
        vec!["Time (h)", "Backlog (jobs)"]
    );
    assert_eq!(
        texts(&root, ".y-tick text"),
        vec!["0", "1k", "2k", "3k", "4k", "5k"]
    );
    // 5,000 h over ~8 ticks: steps of 720 h.
    assert_eq!(
        texts(&root, ".x-tick text"),
        vec!["0", "720", "1.4k", "2.2k", "2.9k", "3.6k", "4.3k"]
    );
    assert_eq!(texts(&root, ".chart-legend li"), vec!["rising", "flat"]);
    assert_eq!(texts(&root, ".guide text"), vec!["threshold"]);

    let svg = root
        .query_selector("svg[role=img]")
        .unwrap()
        .expect("an img svg");
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("Backlog: 2 series over 0 to 5,000 h; rising peaks at 5,000 jobs at 5,000 h; flat peaks at 5 jobs at 0 h")
    );
}

#[wasm_bindgen_test]
async fn short_series_are_drawn_whole_and_tabled_on_request() {
    let data = ChartData {
        xs: vec![0.0, 1.0, 2.0],
        series: vec![
            Series {
                label: "a".into(),
                values: vec![0.0, 10.0, 4.0],
                emphasis: false,
            },
            Series {
                label: "b".into(),
                values: vec![1.0, 2.0, 3.0],
                emphasis: false,
            },
            Series {
                label: "c".into(),
                values: vec![0.0, 0.0, 0.0],
                emphasis: false,
            },
        ],
    };
    let root = mount_point();
    yew::Renderer::<LineChart>::with_root_and_props(root.clone(), props(data)).render();
    yew::scheduler::flush().await;

    let points: Vec<String> = {
        let list = root.query_selector_all("path.series").unwrap();
        (0..list.length())
            .map(|i| {
                let el: web_sys::Element = list.item(i).unwrap().dyn_into().unwrap();
                el.get_attribute("data-points").unwrap_or_default()
            })
            .collect()
    };
    assert_eq!(points, vec!["3", "3", "3"]);
    // Distinct dash patterns per series, not colour alone.
    let dashes: Vec<String> = {
        let list = root.query_selector_all("path.series").unwrap();
        (0..list.length())
            .map(|i| {
                let el: web_sys::Element = list.item(i).unwrap().dyn_into().unwrap();
                el.get_attribute("style").unwrap_or_default()
            })
            .collect()
    };
    assert_eq!(dashes.len(), 3);
    assert!(dashes[0] != dashes[1] && dashes[1] != dashes[2] && dashes[0] != dashes[2]);
    assert!(root.query_selector(".chart-table").unwrap().is_none());
    // A threshold far above the data is named, not drawn.
    assert_eq!(
        texts(&root, ".guide-off"),
        vec!["threshold 2,500 jobs: above the scale"]
    );
    assert!(root.query_selector(".guide line").unwrap().is_none());

    let button: web_sys::HtmlElement = root
        .query_selector(".chart-table-toggle")
        .unwrap()
        .expect("a toggle")
        .dyn_into()
        .unwrap();
    button.click();
    yew::scheduler::flush().await;
    assert_eq!(
        texts(&root, ".chart-table thead th"),
        vec!["Time (h)", "a", "b", "c"]
    );
    assert_eq!(
        texts(&root, ".chart-table tbody tr"),
        vec!["0010", "11020", "2430"]
    );
    // The same button, updated in place (keyboard focus stays on it).
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert_eq!(button.text_content().as_deref(), Some("Hide data table"));
}
