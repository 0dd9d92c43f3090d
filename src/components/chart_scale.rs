//! The arithmetic behind the line chart, free of any DOM: "nice" axis ticks,
//! min/max downsampling to the plot's pixel width, and SVG path text.

use kbwiz_engine::tree::number::fixed;

/// How the x axis picks its tick step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum XAxis {
    /// Steps of 1, 2 or 5 times a power of ten.
    #[default]
    Plain,
    /// Hours: steps of 1, 2, 3, 6 or 12 hours, or whole days and weeks.
    Hours,
}

/// Hour steps that read well on a time axis.
const HOUR_STEPS: [f64; 14] = [
    1.0, 2.0, 3.0, 6.0, 12.0, 24.0, 48.0, 72.0, 168.0, 336.0, 720.0, 1440.0, 2160.0, 4320.0,
];

/// A 1-2-5 step giving at most about `target` intervals over `span`.
pub fn nice_step(span: f64, target: usize) -> f64 {
    if !span.is_finite() || span <= 0.0 {
        return 1.0;
    }
    let raw = span / target.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    step.max(f64::MIN_POSITIVE)
}

/// Tick values from `lo` to `hi` (both inside the range), about `target`
/// intervals apart; a bad range is read as 0 to 1.
pub fn ticks(lo: f64, hi: f64, target: usize, axis: XAxis) -> Vec<f64> {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    let span = hi - lo;
    let step = match axis {
        XAxis::Plain => nice_step(span, target),
        XAxis::Hours => {
            let raw = span / target.max(1) as f64;
            HOUR_STEPS
                .iter()
                .copied()
                .find(|s| *s >= raw)
                .unwrap_or_else(|| nice_step(span, target))
        }
    };
    let first = (lo / step).ceil() * step;
    let mut out = Vec::new();
    let mut k = 0.0;
    while first + k * step <= hi + step * 1e-9 && out.len() < 64 {
        out.push(first + k * step);
        k += 1.0;
    }
    out
}

/// The y axis' top: the first multiple of a nice step at or above `max`
/// (1 when there is nothing to show).
pub fn y_top(max: f64, target: usize) -> f64 {
    if !max.is_finite() || max <= 0.0 {
        return 1.0;
    }
    let step = nice_step(max, target);
    (max / step).ceil() * step
}

/// Which points of `values` to draw in `columns` pixel columns: all of them
/// when they fit, else, per column (an equal share of the indices), the lowest
/// and the highest point in index order, so peaks survive; the first and last
/// points are always kept. A constant series keeps `columns + 1` points, a
/// strictly rising one `2 * columns`.
pub fn downsample(values: &[f64], columns: usize) -> Vec<usize> {
    let n = values.len();
    let columns = columns.max(1);
    if n <= columns {
        return (0..n).collect();
    }
    let mut keep = Vec::with_capacity(columns * 2 + 2);
    for b in 0..columns {
        let start = b * n / columns;
        let end = ((b + 1) * n / columns).min(n);
        if start >= end {
            continue;
        }
        let (mut lo, mut hi) = (start, start);
        for i in start..end {
            if values[i] < values[lo] {
                lo = i;
            }
            if values[i] > values[hi] {
                hi = i;
            }
        }
        let (a, c) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        for i in [a, c] {
            if keep.last() != Some(&i) {
                keep.push(i);
            }
        }
    }
    if keep.first() != Some(&0) {
        keep.insert(0, 0);
    }
    if keep.last() != Some(&(n - 1)) {
        keep.push(n - 1);
    }
    keep
}

/// `v.clamp(lo, hi)` without `f64::clamp`'s check that `lo <= hi`, whose
/// panic message would link core's float formatting into the wasm (see
/// `kbwiz_engine::tree::number`). NaN stays NaN.
pub fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    if v < lo {
        lo
    } else if v > hi {
        hi
    } else {
        v
    }
}

/// Maps data values to SVG coordinates inside a plot rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    pub x_lo: f64,
    pub x_hi: f64,
    pub y_top: f64,
}

impl Frame {
    pub fn x(&self, v: f64) -> f64 {
        let span = self.x_hi - self.x_lo;
        if span <= 0.0 {
            self.left
        } else {
            self.left + (v - self.x_lo) / span * self.width
        }
    }

    pub fn y(&self, v: f64) -> f64 {
        let v = clamp(v, 0.0, self.y_top);
        self.top + self.height - v / self.y_top * self.height
    }

    /// The data x for an SVG x coordinate (clamped to the plot).
    pub fn x_value(&self, svg_x: f64) -> f64 {
        let t = clamp((svg_x - self.left) / self.width, 0.0, 1.0);
        self.x_lo + t * (self.x_hi - self.x_lo)
    }
}

/// `M x y L x y ...` through the chosen points.
pub fn path(frame: &Frame, xs: &[f64], values: &[f64], keep: &[usize]) -> String {
    let mut d = String::with_capacity(keep.len() * 16);
    for (k, &i) in keep.iter().enumerate() {
        let (Some(&x), Some(&y)) = (xs.get(i), values.get(i)) else {
            continue;
        };
        if !d.is_empty() {
            d.push(' ');
        }
        d.push(if k == 0 { 'M' } else { 'L' });
        d.push_str(&format!(
            "{} {}",
            fixed(frame.x(x), 1),
            fixed(frame.y(y), 1)
        ));
    }
    d
}

/// The index of the x value nearest to `x` in ascending `xs`.
pub fn nearest(xs: &[f64], x: f64) -> Option<usize> {
    if xs.is_empty() {
        return None;
    }
    let i = xs.partition_point(|v| *v < x);
    if i == 0 {
        return Some(0);
    }
    if i >= xs.len() {
        return Some(xs.len() - 1);
    }
    if (xs[i] - x).abs() < (x - xs[i - 1]).abs() {
        Some(i)
    } else {
        Some(i - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_nice() {
        assert_eq!(nice_step(100.0, 5), 20.0);
        assert_eq!(nice_step(7.0, 5), 2.0);
        assert_eq!(nice_step(0.0, 5), 1.0);
        assert_eq!(y_top(12_345.0, 5), 15_000.0);
        assert_eq!(y_top(1800.0, 5), 2000.0);
        assert_eq!(y_top(0.0, 5), 1.0);
    }

    #[test]
    fn hour_ticks() {
        assert_eq!(
            ticks(0.0, 72.0, 6, XAxis::Hours),
            vec![0.0, 12.0, 24.0, 36.0, 48.0, 60.0, 72.0]
        );
        assert_eq!(
            ticks(0.0, 10.0, 5, XAxis::Plain),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(ticks(f64::NAN, 1.0, 5, XAxis::Plain).len(), 6);
    }

    #[test]
    fn downsampling_keeps_extremes() {
        assert_eq!(downsample(&[1.0, 2.0, 3.0], 10), vec![0, 1, 2]);
        let flat = vec![5.0; 1000];
        assert_eq!(downsample(&flat, 100).len(), 101);
        let rising: Vec<f64> = (0..1000).map(f64::from).collect();
        assert_eq!(downsample(&rising, 100).len(), 200);
        let mut spike = vec![0.0; 1000];
        spike[537] = 9.0;
        assert!(downsample(&spike, 10).contains(&537));
        assert!(downsample(&[], 10).is_empty());
    }

    #[test]
    fn nearest_index() {
        let xs = [0.0, 1.0, 2.0, 3.0];
        assert_eq!(nearest(&xs, -5.0), Some(0));
        assert_eq!(nearest(&xs, 1.4), Some(1));
        assert_eq!(nearest(&xs, 1.6), Some(2));
        assert_eq!(nearest(&xs, 9.0), Some(3));
        assert_eq!(nearest(&[], 1.0), None);
    }
}
