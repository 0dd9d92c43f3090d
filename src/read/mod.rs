//! JSON read into the engine's types by hand, without serde's derived
//! deserializers, for what the page reads at run time: a saved or imported
//! session ([`session`]) and the JS API's simulator parameters ([`params`]).
//!
//! Each derived `Deserialize` (internally tagged enums, flattened fields,
//! `Option`s) costs the wasm kilobytes of code per type, about 60 KB gzip
//! in all; here the text is parsed once into a [`serde_json::Value`] (one
//! deserializer, compiled once for all the readers) and the types are built
//! from it. The readers follow the serde attributes of each type (names,
//! tags, defaults, unknown fields refused or not) and give serde's words for
//! the first thing wrong, without its line and column; native tests prove
//! each one reads what serde writes exactly as serde reads it back.
//!
//! A reader never stops early: it notes the first problem in its [`Cx`] and
//! goes on with placeholder values, which are then thrown away. Early
//! returns would make the compiler write, at every field, the code that
//! drops the fields read before it.

pub mod params;
pub mod session;

use serde_json::{Map, Value};
use std::cell::RefCell;

/// A reader's result: the value or why it is refused.
pub type Res<T> = Result<T, String>;

/// What a reader of `T` is.
pub type Reader<T> = fn(&Cx, &Value) -> T;

/// A read in progress: the first problem met, if any.
#[derive(Default)]
pub struct Cx(RefCell<Option<String>>);

impl Cx {
    /// Note a problem (kept only if it is the first).
    pub fn note(&self, problem: impl FnOnce() -> String) {
        let mut first = self.0.borrow_mut();
        if first.is_none() {
            *first = Some(problem());
        }
    }
}

impl Cx {
    /// `value`, or the first problem met while reading it.
    pub fn finish<T>(self, value: T) -> Res<T> {
        match self.0.into_inner() {
            Some(problem) => Err(problem),
            None => Ok(value),
        }
    }
}

/// Read `v` with `f`: the value, or the first problem met.
pub(crate) fn read<T>(v: &Value, f: Reader<T>) -> Res<T> {
    let cx = Cx::default();
    let value = f(&cx, v);
    cx.finish(value)
}

/// Parse `text` as JSON and read it with `f`.
pub(crate) fn read_text<T>(text: &str, f: Reader<T>) -> Res<T> {
    read(&parse(text)?, f)
}

/// Parse `text` as JSON; serde_json's message (with line and column) when
/// it is not.
pub(crate) fn parse(text: &str) -> Res<Value> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// A value as serde names it in an error (`serde::de::Unexpected`).
fn unexpected(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
    }
}

/// `invalid type: <v>, expected <what>`.
pub(crate) fn invalid(v: &Value, what: &str) -> String {
    format!("invalid type: {}, expected {what}", unexpected(v))
}

/// What serde says it expected: `` expected `a` or `b` `` and the like.
fn expected(names: &[&str], none: &str) -> String {
    match names {
        [] => none.into(),
        [one] => format!("expected `{one}`"),
        [a, b] => format!("expected `{a}` or `{b}`"),
        _ => {
            let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!("expected one of {}", quoted.join(", "))
        }
    }
}

/// What a missing member reads as (after the problem is noted).
static NULL: Value = Value::Null;

/// A JSON object being read (`None`: it was not one, and that is noted).
pub struct Obj<'a> {
    cx: &'a Cx,
    map: Option<&'a Map<String, Value>>,
}

impl<'a> Obj<'a> {
    /// `v` as an object; `what` names the expected type in the error.
    pub fn of(cx: &'a Cx, v: &'a Value, what: &str) -> Obj<'a> {
        let map = v.as_object();
        if map.is_none() {
            cx.note(|| invalid(v, what));
        }
        Obj { cx, map }
    }

    /// `#[serde(deny_unknown_fields)]`: refuse a member not in `fields`.
    pub fn only(self, fields: &[&str]) -> Obj<'a> {
        let unknown = self
            .map
            .and_then(|m| m.keys().find(|k| !fields.contains(&k.as_str())));
        if let Some(k) = unknown {
            self.cx.note(|| {
                format!(
                    "unknown field `{k}`, {}",
                    expected(fields, "there are no fields")
                )
            });
        }
        self
    }

    fn member(&self, key: &str) -> Option<&'a Value> {
        self.map.and_then(|m| m.get(key))
    }

    /// A required member (`null` is passed on: the reader decides).
    pub fn req<T>(&self, key: &str, f: Reader<T>) -> T {
        let v = match self.member(key) {
            Some(v) => v,
            None => {
                self.cx.note(|| format!("missing field `{key}`"));
                &NULL
            }
        };
        f(self.cx, v)
    }

    /// An `Option` member: absent or `null` is `None`.
    pub fn opt<T>(&self, key: &str, f: Reader<T>) -> Option<T> {
        match self.member(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(f(self.cx, v)),
        }
    }

    /// A member of a `#[serde(default)]` struct: `None` when absent (the
    /// default's value applies), else read (`null` included) with `f`.
    pub fn present<T>(&self, key: &str, f: Reader<T>) -> Option<T> {
        self.member(key).map(|v| f(self.cx, v))
    }

    /// A `#[serde(default)]` member.
    pub fn or_default<T: Default>(&self, key: &str, f: Reader<T>) -> T {
        self.present(key, f).unwrap_or_default()
    }

    /// An enum's tag member (`kind`, `type`) picked from `variants`.
    pub fn tag<T: Copy>(&self, key: &str, variants: &[(&str, T)]) -> Option<T> {
        variant(self.cx, &self.req(key, string), variants)
    }
}

/// A unit variant by its serialised name.
pub(crate) fn variant<T: Copy>(cx: &Cx, name: &str, variants: &[(&str, T)]) -> Option<T> {
    let found = variants.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
    if found.is_none() {
        cx.note(|| {
            let names: Vec<&str> = variants.iter().map(|(n, _)| *n).collect();
            format!(
                "unknown variant `{name}`, {}",
                expected(&names, "there are no variants")
            )
        });
    }
    found
}

pub(crate) fn string(cx: &Cx, v: &Value) -> String {
    shared_str(cx, v).to_owned()
}

fn shared_str<'v>(cx: &Cx, v: &'v Value) -> &'v str {
    match v {
        Value::String(s) => s,
        _ => {
            cx.note(|| invalid(v, "a string"));
            ""
        }
    }
}

pub(crate) fn boolean(cx: &Cx, v: &Value) -> bool {
    v.as_bool().unwrap_or_else(|| {
        cx.note(|| invalid(v, "a boolean"));
        false
    })
}

/// An integer in `[min, max]`; `what` is its type's name (`u32`).
fn integer(cx: &Cx, v: &Value, what: &str, min: i128, max: i128) -> i128 {
    let n = match v {
        Value::Number(n) => n.as_u64().map(i128::from).or(n.as_i64().map(i128::from)),
        _ => None,
    };
    match n {
        Some(n) if (min..=max).contains(&n) => n,
        // serde_json's number as written (no `i128` formatting in the wasm).
        Some(_) => {
            cx.note(|| format!("invalid value: integer `{v}`, expected {what}"));
            0
        }
        None => {
            cx.note(|| invalid(v, what));
            0
        }
    }
}

pub(crate) fn u64(cx: &Cx, v: &Value) -> u64 {
    integer(cx, v, "u64", 0, u64::MAX.into()) as u64
}

pub(crate) fn u32(cx: &Cx, v: &Value) -> u32 {
    integer(cx, v, "u32", 0, u32::MAX.into()) as u32
}

pub(crate) fn usize(cx: &Cx, v: &Value) -> usize {
    integer(cx, v, "usize", 0, usize::MAX as i128) as usize
}

pub(crate) fn f64(cx: &Cx, v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| {
        cx.note(|| invalid(v, "f64"));
        0.0
    })
}

/// An array of items read with `f`.
pub(crate) fn list<T>(cx: &Cx, v: &Value, f: Reader<T>) -> Vec<T> {
    match v {
        Value::Array(items) => items.iter().map(|item| f(cx, item)).collect(),
        _ => {
            cx.note(|| invalid(v, "a sequence"));
            Vec::new()
        }
    }
}

pub(crate) fn strings(cx: &Cx, v: &Value) -> Vec<String> {
    list(cx, v, string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// serde's message for reading `v` as a `T`, without the position.
    fn serde_says<T: serde::de::DeserializeOwned + std::fmt::Debug>(v: &str) -> String {
        let e = serde_json::from_str::<T>(v).expect_err("refused");
        let m = e.to_string();
        match m.find(" at line ") {
            Some(i) => m[..i].to_string(),
            None => m,
        }
    }

    #[test]
    fn type_errors_read_like_serdes() {
        for text in ["null", "true", "1.5", "-3", "[1]", "{}"] {
            let v: Value = serde_json::from_str(text).expect("json");
            assert_eq!(read(&v, string), Err(serde_says::<String>(text)), "{text}");
        }
        let said = |text: &str| serde_json::from_str::<Value>(text).expect("json");
        assert_eq!(
            read(&said(r#""a\"b""#), u32),
            Err(serde_says::<u32>(r#""a\"b""#))
        );
        assert_eq!(
            read(&json!(5_000_000_000u64), u32),
            Err(serde_says::<u32>("5000000000"))
        );
        assert_eq!(read(&json!(-1), u64), Err(serde_says::<u64>("-1")));
        assert_eq!(read(&json!(1), boolean), Err(serde_says::<bool>("1")));
        assert_eq!(read(&json!("x"), f64), Err(serde_says::<f64>(r#""x""#)));
        assert_eq!(
            read(&json!("x"), |cx, v| list(cx, v, u32)),
            Err(serde_says::<Vec<u32>>(r#""x""#))
        );
        assert_eq!(read(&json!(7), usize), Ok(7));
        assert_eq!(read(&json!(u64::MAX), u64), Ok(u64::MAX));
        assert_eq!(read(&json!(3), f64), Ok(3.0));
    }

    #[test]
    fn unknown_fields_read_like_serdes() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Two {
            a: u32,
            b: u32,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct One {
            a: u32,
        }
        let two = |cx: &Cx, v: &Value| {
            let o = Obj::of(cx, v, "struct Two").only(&["a", "b"]);
            (o.req("a", u32), o.req("b", u32))
        };
        let three = |cx: &Cx, v: &Value| {
            Obj::of(cx, v, "struct Three").only(&["a", "b", "c"]);
        };
        let one = |cx: &Cx, v: &Value| {
            Obj::of(cx, v, "struct One").only(&["a"]);
        };
        let v = json!({"a": 1, "c": 2});
        assert_eq!(read(&v, two), Err(serde_says::<Two>(r#"{"a": 1, "c": 2}"#)));
        assert_eq!(read(&v, one), Err(serde_says::<One>(r#"{"c": 2}"#)));
        assert_eq!(
            read(&json!({"d": 1}), three),
            Err("unknown field `d`, expected one of `a`, `b`, `c`".into())
        );
        assert_eq!(
            read(&json!({"b": 1}), two),
            Err(serde_says::<Two>(r#"{"b": 1}"#))
        );
        assert_eq!(read(&json!(1), two), Err(serde_says::<Two>("1")));
        assert_eq!(read(&json!({"a": 1, "b": 2}), two), Ok((1, 2)));
    }

    #[test]
    fn options_and_defaults() {
        let v = json!({"a": null, "b": 2});
        let fields = |cx: &Cx, v: &Value| {
            let o = Obj::of(cx, v, "x");
            (
                [o.opt("a", u32), o.opt("b", u32), o.opt("c", u32)],
                [o.or_default("c", u32), o.or_default("b", u32)],
                [
                    o.present("a", |_, v| v.is_null()),
                    o.present("c", |_, _| true),
                ],
            )
        };
        assert_eq!(
            read(&v, fields),
            Ok(([None, Some(2), None], [0, 2], [Some(true), None]))
        );
        let null_a = |cx: &Cx, v: &Value| Obj::of(cx, v, "x").req("a", u32);
        assert_eq!(
            read(&v, null_a),
            Err("invalid type: null, expected u32".into())
        );
        // The first problem is the one told.
        let both = |cx: &Cx, v: &Value| {
            let o = Obj::of(cx, v, "x");
            (o.req("z", u32), o.req("a", u32))
        };
        assert_eq!(read(&v, both), Err("missing field `z`".into()));
        assert_eq!(
            read_text("{", u32),
            Err("EOF while parsing an object at line 1 column 1".into())
        );
    }
}
