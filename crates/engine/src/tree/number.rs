//! A number's text, exactly as `format!("{v}")` and `format!("{v:.N}")`
//! write it, without core's float formatting.
//!
//! A number answer ([`super::Answer::Number`]) and the web app's numbers (a
//! question's threshold, chart coordinates and labels, file sizes) are shown
//! this way. Core's float formatting (Grisu with a Dragon fallback, its
//! bignums and tables) was 7 KB of the browser's wasm after gzip, while
//! serde_json's shortest float writer (zmij), which JSON numbers already
//! link, finds the same digits, and a number's exact decimal value takes a
//! few lines of digit arithmetic. So [`display`] takes the digits from
//! serde_json and lays them out as `{}` does, and [`fixed`] rounds the exact
//! value as `{:.N}` does.

/// `v` as `format!("{v}")` writes it: `3`, `0.25`, `-0`, `1000000000000000000000`,
/// `0.0000001`, `NaN`, `inf`, `-inf`.
pub fn display(v: f64) -> String {
    if let Some(text) = not_finite(v) {
        return text.into();
    }
    // Finite, so always a number; its text is digits[.digits][e[+-]digits].
    let json = serde_json::Number::from_f64(v.abs())
        .map(|n| n.to_string())
        .unwrap_or_default();
    let mut digits = Vec::new();
    // Digits before the point, then the exponent moves it.
    let (mut point, mut exponent, mut after_point, mut in_exponent) = (0i64, 0i64, false, false);
    let mut exponent_sign = 1;
    for b in json.bytes() {
        match b {
            b'.' => after_point = true,
            b'e' | b'E' => in_exponent = true,
            b'+' => {}
            b'-' => exponent_sign = -1,
            _ if in_exponent => exponent = exponent * 10 + i64::from(b - b'0'),
            _ => {
                digits.push(b - b'0');
                point += i64::from(!after_point);
            }
        }
    }
    point += exponent_sign * exponent;
    point -= trim(&mut digits);
    // The shortest digits are the closest to `v`; when two are equally
    // close, serde_json takes the even one and `{}` the larger one. A tie
    // means `v` is exactly half-way: its exact digits are one more, a 5.
    if digits.len() >= 15 {
        let (exact, exact_point) = exact(v);
        let n = digits.len();
        if exact_point == point && exact.len() == n + 1 && exact[n] == 5 && exact[..n] == digits {
            point += round_up(&mut digits);
        }
    }
    let after = usize::try_from(digits.len() as i64 - point).unwrap_or(0);
    layout(sign(v), &digits, point, after)
}

/// `v` as `format!("{v:.frac$}")` writes it: `frac` digits after the point,
/// the exact value rounded half to even (`0.25` -> `0.2`, `0.35` -> `0.3`,
/// since 0.35 is stored as 0.34999...).
pub fn fixed(v: f64, frac: usize) -> String {
    if let Some(text) = not_finite(v) {
        return text.into();
    }
    let (mut digits, point) = exact(v);
    // Digits kept: those down to the `frac`th after the point.
    let keep = point + frac as i64;
    let Ok(keep) = usize::try_from(keep) else {
        // Below half of the last place shown: zero.
        return layout(sign(v), &[], 0, frac);
    };
    let next = digits.get(keep).copied().unwrap_or(0);
    let beyond = digits
        .get(keep + 1..)
        .is_some_and(|d| d.iter().any(|&d| d != 0));
    let odd = keep > 0 && digits.get(keep - 1).is_some_and(|d| d % 2 == 1);
    digits.truncate(keep);
    let mut point = point;
    if next > 5 || (next == 5 && (beyond || odd)) {
        point += round_up(&mut digits);
    }
    layout(sign(v), &digits, point, frac)
}

fn not_finite(v: f64) -> Option<&'static str> {
    match v {
        v if v.is_nan() => Some("NaN"),
        f64::INFINITY => Some("inf"),
        f64::NEG_INFINITY => Some("-inf"),
        _ => None,
    }
}

/// `-` for a negative number, negative zero included (as `{}` writes it).
fn sign(v: f64) -> &'static str {
    if v.is_sign_negative() {
        "-"
    } else {
        ""
    }
}

/// The exact decimal value of `|v|` (finite): its digits, most significant
/// first, without leading or trailing zeros (none for zero), and how many of
/// them stand before the point (negative: that many zeros after the point
/// come first). A double is `m * 2^e`, that is `m * 2^e` or
/// `m * 5^-e / 10^-e`: a few hundred digits at most.
fn exact(v: f64) -> (Vec<u8>, i64) {
    let bits = v.to_bits() & !(1 << 63);
    let biased = (bits >> 52) as i64;
    let (mut m, e) = match biased {
        0 => (bits, -1074),
        _ => (bits & ((1 << 52) - 1) | 1 << 52, biased - 1075),
    };
    let mut digits = Vec::new(); // least significant first
    while m > 0 {
        digits.push((m % 10) as u8);
        m /= 10;
    }
    // Times 2^e or 5^-e, several powers at a time (each step's product of
    // a digit and the factor, plus the carry, stays within a u32).
    let (base, most): (u32, u32) = if e >= 0 { (2, 28) } else { (5, 12) };
    let mut left = e.unsigned_abs() as u32;
    while left > 0 {
        let step = left.min(most);
        left -= step;
        let factor = base.pow(step);
        let mut carry = 0;
        for d in digits.iter_mut() {
            let x = u32::from(*d) * factor + carry;
            *d = (x % 10) as u8;
            carry = x / 10;
        }
        while carry > 0 {
            digits.push((carry % 10) as u8);
            carry /= 10;
        }
    }
    digits.reverse();
    let point = digits.len() as i64 + e.min(0);
    let point = point - trim(&mut digits);
    (digits, point)
}

/// Drop trailing and leading zeros; returns how many leading ones went.
fn trim(digits: &mut Vec<u8>) -> i64 {
    while digits.last() == Some(&0) {
        digits.pop();
    }
    let lead = digits.iter().take_while(|&&d| d == 0).count();
    digits.drain(..lead);
    lead as i64
}

/// Add one in the last place; returns 1 when that adds a digit in front.
fn round_up(digits: &mut Vec<u8>) -> i64 {
    while let Some(last) = digits.last_mut() {
        if *last < 9 {
            *last += 1;
            return 0;
        }
        digits.pop();
    }
    // All nines (or nothing): 1 in the next place up.
    digits.push(1);
    1
}

/// Digits with the point `point` digits in, written with `after` digits
/// after the point (none: no point) and at least one before.
fn layout(sign: &str, digits: &[u8], point: i64, after: usize) -> String {
    let digit = |i: i64| match usize::try_from(i) {
        Ok(i) => digits.get(i).map_or('0', |d| char::from(b'0' + d)),
        Err(_) => '0',
    };
    let mut out = String::from(sign);
    if point > 0 {
        out.extend((0..point).map(digit));
    } else {
        out.push('0');
    }
    if after > 0 {
        out.push('.');
        out.extend((point..point + after as i64).map(digit));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed sequence of 64-bit patterns (xorshift), covering every
    /// exponent and mantissa shape without a random seed.
    fn patterns(n: usize) -> impl Iterator<Item = u64> {
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        (0..n).map(move |_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        })
    }

    /// Edge values, the numbers people type and the charts' coordinates,
    /// then bit patterns of every shape.
    fn samples() -> impl Iterator<Item = f64> {
        let edges = [
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -0.01,
            0.05,
            0.25,
            0.35,
            0.45,
            9.95,
            99.95,
            999.5,
            1e15,
            1e16,
            1e21,
            1e22,
            1e-5,
            1e-7,
            123.456,
            // 1658206780088562.25: two shortest texts equally close (a tie).
            f64::from_bits(0x4317_9085_685d_83c9),
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            5e-324,
            2.5e-323,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            9007199254740993.0,
            0.30000000000000004,
        ];
        let typed = (-1000..1000).flat_map(|i| {
            let i = f64::from(i);
            [i, i / 10.0, i / 1000.0, i / 7.0, i * 1024.0 / 1000.0]
        });
        let bits = patterns(10_000).flat_map(|b| {
            // Any exponent; and 2^48 to 2^54, where the shortest digits
            // can tie (16 or 17 of them, exactly half-way).
            let mantissa = b & ((1 << 52) - 1);
            [
                f64::from_bits(b),
                f64::from_bits(mantissa | (0x42F + (b >> 60) % 7) << 52),
            ]
        });
        edges.into_iter().chain(typed).chain(bits)
    }

    #[test]
    fn display_writes_what_braces_write() {
        for v in samples() {
            assert_eq!(display(v), format!("{v}"), "{:#x}", v.to_bits());
        }
    }

    #[test]
    fn fixed_writes_what_precision_writes() {
        for v in samples() {
            for frac in 0..4 {
                assert_eq!(
                    fixed(v, frac),
                    format!("{v:.frac$}"),
                    "{:#x} .{frac}",
                    v.to_bits()
                );
            }
        }
    }
}
