//! A small hand-written SVG line chart: axes with ticks and units, a legend,
//! one dashed-and-coloured path per series (downsampled to the pixel width),
//! optional guide lines, a hover/keyboard readout and a data-table fallback.
//!
//! Accessible by construction: the SVG is `role="img"` with an `aria-label`
//! that summarises every series; the plot area is focusable and the arrow
//! keys move the readout, which is announced politely; the table shows the
//! numbers to anyone who would rather read them. Series differ by dash
//! pattern as well as colour, so colour is never the only cue.

use std::rc::Rc;

use yew::prelude::*;

use super::chart_scale::{clamp, downsample, nearest, path, ticks, y_top, Frame, XAxis};
use super::format::{compact, group};
use crate::markup::Markup;
use kbwiz_engine::tree::number::{display, fixed};

/// One line of the chart: a value per x of [`ChartData::xs`].
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<f64>,
    /// Drawn thicker (the scenario that matches the admin's site).
    pub emphasis: bool,
}

/// Every series shares one ascending x axis.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartData {
    pub xs: Vec<f64>,
    pub series: Vec<Series>,
}

/// Which axis a guide line crosses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuideAxis {
    /// A vertical line at an x value (an event in time).
    X,
    /// A horizontal line at a y value (a threshold).
    Y,
}

/// A labelled reference line.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub axis: GuideAxis,
    pub at: f64,
    pub label: String,
}

#[derive(Properties, PartialEq)]
pub struct LineChartProps {
    pub data: Rc<ChartData>,
    /// What the chart shows, first words of its accessible summary.
    pub title: AttrValue,
    pub x_label: AttrValue,
    /// Unit of x values (`h`).
    pub x_unit: AttrValue,
    pub y_label: AttrValue,
    /// Unit of y values (`jobs`).
    pub y_unit: AttrValue,
    #[prop_or_default]
    pub x_axis: XAxis,
    #[prop_or_default]
    pub guides: Vec<Guide>,
    /// Width used until the plot's own width is measured (then one SVG unit
    /// is one CSS pixel).
    #[prop_or(720)]
    pub width: u32,
    #[prop_or(320)]
    pub height: u32,
}

/// Dash patterns, one per series in turn (solid first).
const DASHES: [&str; 6] = ["none", "10 5", "2 4", "14 4 3 4", "6 3", "1 3"];
/// Fallback stroke colours when `styles/app.css` does not define `--chart-N`.
const COLOURS: [&str; 6] = [
    "#c0392b", "#1f6fd1", "#1a7f37", "#8a5a00", "#7a3fb0", "#555555",
];

const MARGIN_LEFT: f64 = 58.0;
const MARGIN_RIGHT: f64 = 14.0;
const MARGIN_TOP: f64 = 12.0;
const MARGIN_BOTTOM: f64 = 46.0;
/// Horizontal guides up to this multiple of the data's maximum are drawn.
const Y_GUIDE_REACH: f64 = 4.0;

/// Store the plot's inner width once it is laid out.
fn measure(plot_ref: &NodeRef, measured: &UseStateHandle<Option<u32>>) {
    if let Some(el) = plot_ref.cast::<web_sys::Element>() {
        let shown = el.client_width();
        if shown > 0 {
            measured.set(u32::try_from(shown).ok());
        }
    }
}

/// The stroke style of series `i`: its colour variable and dash pattern.
pub fn series_style(i: usize) -> String {
    let k = i % DASHES.len();
    format!(
        "stroke: var(--chart-{k}, {}); stroke-dasharray: {};",
        COLOURS[k], DASHES[k]
    )
}

fn peak(xs: &[f64], values: &[f64]) -> Option<(f64, f64)> {
    values
        .iter()
        .zip(xs)
        .fold(None, |best: Option<(f64, f64)>, (&v, &x)| match best {
            Some((bv, _)) if bv >= v => best,
            _ => Some((v, x)),
        })
}

/// An SVG coordinate or length as attribute text (as `{}` writes it).
fn coord(v: f64) -> String {
    display(v)
}

fn value_text(v: f64) -> String {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v < 1.8e19 {
        group(v as u64)
    } else {
        fixed(v, 1)
    }
}

fn summary(props: &LineChartProps) -> String {
    let data = &props.data;
    let (x_lo, x_hi) = (
        data.xs.first().copied().unwrap_or(0.0),
        data.xs.last().copied().unwrap_or(0.0),
    );
    let mut parts = vec![format!(
        "{}: {} series over {} to {} {}",
        props.title,
        data.series.len(),
        value_text(x_lo),
        value_text(x_hi),
        props.x_unit
    )];
    for s in &data.series {
        match peak(&data.xs, &s.values) {
            Some((v, x)) => parts.push(format!(
                "{} peaks at {} {} at {} {}",
                s.label,
                value_text(v),
                props.y_unit,
                value_text(x),
                props.x_unit
            )),
            None => parts.push(format!("{} has no data", s.label)),
        }
    }
    parts.join("; ")
}

#[function_component(LineChart)]
pub fn line_chart(props: &LineChartProps) -> Html {
    let cursor = use_state_eq(|| None::<usize>);
    let show_table = use_state_eq(|| false);
    let plot_ref = use_node_ref();
    let measured = use_state_eq(|| None::<u32>);
    {
        // Draw at the plot's real pixel width: text stays legible on a phone
        // and the downsampling keeps one column per pixel.
        let measured = measured.clone();
        let plot_ref = plot_ref.clone();
        use_effect(move || {
            measure(&plot_ref, &measured);
        });
    }
    {
        let measured = measured.clone();
        let plot_ref = plot_ref.clone();
        use_effect_with((), move |_| {
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| {
                    measure(&plot_ref, &measured);
                });
            move || drop(listener)
        });
    }

    let data = &props.data;
    let width = (*measured).unwrap_or(props.width).max(160);
    let height = if width < 480 {
        props.height.min(260)
    } else {
        props.height
    };
    let (w, h) = (f64::from(width), f64::from(height.max(120)));
    let x_lo = data.xs.first().copied().unwrap_or(0.0);
    let x_hi = data.xs.last().copied().unwrap_or(1.0).max(x_lo);
    let data_max = data
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    // A horizontal guide far above the data would flatten it: such guides
    // are named instead of drawn.
    let (on_scale, off_scale): (Vec<&Guide>, Vec<&Guide>) = props
        .guides
        .iter()
        .filter(|g| g.axis == GuideAxis::Y && g.at.is_finite())
        .partition(|g| g.at <= data_max * Y_GUIDE_REACH);
    let y_max = on_scale.iter().map(|g| g.at).fold(data_max, f64::max);
    let frame = Frame {
        left: MARGIN_LEFT,
        top: MARGIN_TOP,
        width: w - MARGIN_LEFT - MARGIN_RIGHT,
        height: h - MARGIN_TOP - MARGIN_BOTTOM,
        x_lo,
        x_hi,
        y_top: y_top(y_max, 5),
    };
    let columns = frame.width.floor().max(1.0) as usize;

    let x_ticks = ticks(x_lo, x_hi, 8, props.x_axis);
    let y_ticks = ticks(0.0, frame.y_top, 5, XAxis::Plain);
    let bottom = frame.top + frame.height;
    let right = frame.left + frame.width;

    // Everything inside the SVG but the cursor is drawn as SVG text: it has
    // no event handlers (the plot's wrapper has them), and one fragment is
    // far less wasm than a yew node per tick, guide and line.
    let mut m = Markup::new();
    m.open("g", &[("class", "grid-lines")]);
    for &v in &y_ticks {
        let y = coord(frame.y(v));
        m.open("g", &[("class", "tick y-tick")])
            .open(
                "line",
                &[
                    ("class", "grid"),
                    ("x1", &coord(frame.left)),
                    ("x2", &coord(right)),
                    ("y1", &y),
                    ("y2", &y),
                ],
            )
            .close("line")
            .el(
                "text",
                &[
                    ("x", &coord(frame.left - 6.0)),
                    ("y", &coord(frame.y(v) + 4.0)),
                    ("text-anchor", "end"),
                ],
                &compact(v),
            )
            .close("g");
    }
    m.close("g").open("g", &[("class", "axes")]);
    let (left, top, bottom_s) = (coord(frame.left), coord(frame.top), coord(bottom));
    m.open(
        "line",
        &[
            ("class", "axis"),
            ("x1", &left),
            ("x2", &left),
            ("y1", &top),
            ("y2", &bottom_s),
        ],
    )
    .close("line")
    .open(
        "line",
        &[
            ("class", "axis"),
            ("x1", &left),
            ("x2", &coord(right)),
            ("y1", &bottom_s),
            ("y2", &bottom_s),
        ],
    )
    .close("line");
    for &v in &x_ticks {
        let x = coord(frame.x(v));
        m.open("g", &[("class", "tick x-tick")])
            .open(
                "line",
                &[
                    ("class", "axis"),
                    ("x1", &x),
                    ("x2", &x),
                    ("y1", &bottom_s),
                    ("y2", &coord(bottom + 5.0)),
                ],
            )
            .close("line")
            .el(
                "text",
                &[
                    ("x", &x),
                    ("y", &coord(bottom + 18.0)),
                    ("text-anchor", "middle"),
                ],
                &compact(v),
            )
            .close("g");
    }
    let mid_y = frame.top + frame.height / 2.0;
    m.el(
        "text",
        &[
            ("class", "axis-label x-label"),
            ("x", &coord(frame.left + frame.width / 2.0)),
            ("y", &coord(h - 6.0)),
            ("text-anchor", "middle"),
        ],
        &format!("{} ({})", props.x_label, props.x_unit),
    )
    .el(
        "text",
        &[
            ("class", "axis-label y-label"),
            ("x", "12"),
            ("y", &coord(mid_y)),
            ("text-anchor", "middle"),
            ("transform", &format!("rotate(-90 12 {})", coord(mid_y))),
        ],
        &format!("{} ({})", props.y_label, props.y_unit),
    )
    .close("g")
    .open("g", &[("class", "guides")]);
    let x_guides = props.guides.iter().filter(|g| g.axis == GuideAxis::X);
    for (k, g) in x_guides.enumerate() {
        let x = frame.x(clamp(g.at, x_lo, x_hi));
        let xs = coord(x);
        let label_y = frame.top + 10.0 + 12.0 * k as f64;
        m.open("g", &[("class", "guide")])
            .el(
                "title",
                &[],
                &format!("{} at {} {}", g.label, value_text(g.at), props.x_unit),
            )
            .open(
                "line",
                &[("x1", &xs), ("x2", &xs), ("y1", &top), ("y2", &bottom_s)],
            )
            .close("line")
            .el(
                "text",
                &[("x", &coord(x + 3.0)), ("y", &coord(label_y))],
                &g.label,
            )
            .close("g");
    }
    for g in &on_scale {
        let y = frame.y(g.at);
        let ys = coord(y);
        m.open("g", &[("class", "guide")])
            .el(
                "title",
                &[],
                &format!("{}: {} {}", g.label, value_text(g.at), props.y_unit),
            )
            .open(
                "line",
                &[
                    ("x1", &left),
                    ("x2", &coord(right)),
                    ("y1", &ys),
                    ("y2", &ys),
                ],
            )
            .close("line")
            .el(
                "text",
                &[
                    ("x", &coord(right - 3.0)),
                    ("y", &coord(y - 4.0)),
                    ("text-anchor", "end"),
                ],
                &g.label,
            )
            .close("g");
    }
    for (k, g) in off_scale.iter().enumerate() {
        m.el(
            "text",
            &[
                ("class", "guide-off"),
                ("x", &coord(right - 3.0)),
                ("y", &coord(frame.top + 10.0 + 12.0 * k as f64)),
                ("text-anchor", "end"),
            ],
            &format!(
                "{} {} {}: above the scale",
                g.label,
                value_text(g.at),
                props.y_unit
            ),
        );
    }
    m.close("g")
        .open("g", &[("class", "lines"), ("fill", "none")]);
    for (i, s) in data.series.iter().enumerate() {
        let keep = downsample(&s.values, columns);
        let d = path(&frame, &data.xs, &s.values, &keep);
        let title = match peak(&data.xs, &s.values) {
            Some((v, x)) => format!(
                "{}: peak {} {} at {} {}",
                s.label,
                value_text(v),
                props.y_unit,
                value_text(x),
                props.x_unit
            ),
            None => s.label.clone(),
        };
        let class = if s.emphasis {
            "series emphasis"
        } else {
            "series"
        };
        m.open(
            "path",
            &[
                ("class", class),
                ("data-series", &s.label),
                ("data-points", &keep.len().to_string()),
                ("style", &series_style(i)),
                ("d", &d),
            ],
        )
        .el("title", &[], &title)
        .close("path");
    }
    m.close("g");
    let plot = m.into_html();

    let cursor_x = (*cursor).and_then(|i| data.xs.get(i).copied());
    let cursor_line = cursor_x.map(|x| {
        let x = frame.x(x);
        html! {
            <line class="cursor" x1={coord(x)} x2={coord(x)}
                y1={coord(frame.top)} y2={coord(bottom)} />
        }
    });
    let readout = match (*cursor, cursor_x) {
        (Some(i), Some(x)) => {
            let values = data.series.iter().enumerate().map(|(k, s)| {
                let v = s.values.get(i).copied().map(value_text).unwrap_or_default();
                html! {
                    <li><svg class="swatch" width="28" height="10" aria-hidden="true">
                        <line x1="1" x2="27" y1="5" y2="5" style={series_style(k)} />
                    </svg>{ format!("{} {}", s.label, v) }</li>
                }
            });
            html! {
                <>
                    <strong>{ format!("{} {} {}: ", props.x_label, value_text(x), props.x_unit) }</strong>
                    <ul class="readout-values">{ for values }</ul>
                </>
            }
        }
        _ => {
            html! { <span class="muted">{ "Point at the chart, or focus it and use the arrow keys, to read values." }</span> }
        }
    };

    let on_move = {
        let cursor = cursor.clone();
        let plot_ref = plot_ref.clone();
        let data = Rc::clone(&props.data);
        Callback::from(move |e: PointerEvent| {
            let Some(el) = plot_ref.cast::<web_sys::Element>() else {
                return;
            };
            let shown = f64::from(el.client_width());
            if shown <= 0.0 {
                return;
            }
            let svg_x = f64::from(e.offset_x()) * w / shown;
            cursor.set(nearest(&data.xs, frame.x_value(svg_x)));
        })
    };
    let on_leave = {
        let cursor = cursor.clone();
        Callback::from(move |_: PointerEvent| cursor.set(None))
    };
    let on_key = {
        let cursor = cursor.clone();
        let n = data.xs.len();
        Callback::from(move |e: KeyboardEvent| {
            if n == 0 {
                return;
            }
            let last = n - 1;
            let step = (n / 20).max(1);
            let at = (*cursor).unwrap_or(0).min(last);
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowUp" => at.saturating_add(1).min(last),
                "ArrowLeft" | "ArrowDown" => at.saturating_sub(1),
                "PageUp" => at.saturating_add(step).min(last),
                "PageDown" => at.saturating_sub(step),
                "Home" => 0,
                "End" => last,
                "Escape" => {
                    cursor.set(None);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            cursor.set(Some(next));
        })
    };
    let on_focus = {
        let cursor = cursor.clone();
        let n = data.xs.len();
        Callback::from(move |_: FocusEvent| {
            if cursor.is_none() && n > 0 {
                cursor.set(Some(n - 1));
            }
        })
    };
    let toggle_table = {
        let show_table = show_table.clone();
        Callback::from(move |_: MouseEvent| show_table.set(!*show_table))
    };

    let legend = data.series.iter().enumerate().map(|(i, s)| {
        html! {
            <li class={s.emphasis.then_some("emphasis")}>
                <svg class="swatch" width="36" height="12" aria-hidden="true">
                    <line x1="1" x2="35" y1="6" y2="6" style={series_style(i)} />
                </svg>
                { s.label.clone() }
            </li>
        }
    });

    let table = (*show_table).then(|| {
        let head = data
            .series
            .iter()
            .map(|s| html! { <th scope="col">{ s.label.clone() }</th> });
        let rows = data.xs.iter().enumerate().map(|(i, &x)| {
            let cells = data.series.iter().map(|s| {
                html! { <td>{ s.values.get(i).copied().map(value_text).unwrap_or_default() }</td> }
            });
            html! { <tr><th scope="row">{ value_text(x) }</th>{ for cells }</tr> }
        });
        html! {
                <table class="chart-table">
                    <caption>{ format!("{} ({})", props.title, props.y_unit) }</caption>
                    <thead><tr>
                        <th scope="col">{ format!("{} ({})", props.x_label, props.x_unit) }</th>
                        { for head }
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
        }
    });

    html! {
        <figure class="chart">
            <div class="chart-plot" ref={plot_ref} tabindex="0"
                aria-label={format!("{}: focus and use the arrow keys to read values", props.title)}
                onpointermove={on_move} onpointerleave={on_leave}
                onkeydown={on_key} onfocus={on_focus}>
                <svg role="img" aria-label={summary(props)} viewBox={format!("0 0 {} {}", coord(w), coord(h))}
                    preserveAspectRatio="xMidYMid meet" style="pointer-events: none; display: block; width: 100%; height: auto;">
                    { plot }
                    { for cursor_line }
                </svg>
            </div>
            <figcaption>
                <ul class="chart-legend" aria-label="Legend">{ for legend }</ul>
                <div class="chart-readout" aria-live="polite">{ readout }</div>
                <button type="button" class="chart-table-toggle" aria-expanded={(*show_table).to_string()}
                    onclick={toggle_table}>
                    { if *show_table { "Hide data table" } else { "Show data table" } }
                </button>
            </figcaption>
            <div class="chart-table-wrap" hidden={!*show_table}>{ for table }</div>
        </figure>
    }
}
