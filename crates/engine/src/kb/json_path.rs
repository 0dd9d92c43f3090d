//! Where in a JSON file an error is: the path (`nodes[3].next.yes`) of the
//! value being read at serde_json's error position.
//!
//! Wrapping the deserializer to track its path (serde_path_to_error) cost the
//! browser build 10 KB gzip, because every type's deserializer is compiled
//! again for the wrapper. Re-reading the text up to the error's line and
//! column, once, when there is an error, costs almost nothing; the test
//! `matches_the_tracking_deserializer` holds it to serde_path_to_error's
//! paths on broken variants of every embedded article.

/// One open container on the way to the position.
enum Frame {
    /// In an object, after the key given (or before any key), with the keys
    /// met so far.
    Object(Option<String>, Vec<String>),
    /// In an array, at this index.
    Array(usize),
}

/// The path of the value `error` is about in `text`, the file it came from
/// (empty at the top level).
pub fn path_of(text: &str, error: &serde_json::Error) -> String {
    let message = error.to_string();
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    path_at(text, error.line(), error.column(), missing)
}

/// The path of the value at 1-based `line` and `column` (as serde_json
/// reports them) in `text`; `missing` is the field a "missing field" error
/// names. Never fails: text that is not JSON gives the path as far as it
/// could be followed.
pub fn path_at(text: &str, line: usize, column: usize, missing: Option<&str>) -> String {
    let bytes = text.as_bytes();
    let end = offset_of(text, line, column);
    // A value read whole before it is checked (an internally tagged enum) is
    // reported with the character after it (`,`, or the `]` or `}` closing
    // its container) already read; a struct that lacks a field, with its own
    // `}` read. After `}}`, the field named tells which is meant.
    let last = |to: usize| bytes[..to].iter().rposition(|b| !b.is_ascii_whitespace());
    let Some(i) = last(end) else {
        return String::new();
    };
    let after_a_value = last(i).is_some_and(|j| matches!(bytes[j], b'}' | b']'));
    if bytes[i] == b',' {
        return walk(bytes, i).0;
    }
    if matches!(bytes[i], b']' | b'}') && after_a_value {
        let (outer_path, outer_keys) = walk(bytes, end);
        let outer_lacks = |f: &str| {
            outer_keys
                .as_ref()
                .is_some_and(|k| !k.iter().any(|k| k == f))
        };
        // A struct missing a field it needs is the likelier reading.
        return match missing {
            Some(f) if outer_lacks(f) => outer_path,
            _ => walk(bytes, i).0,
        };
    }
    walk(bytes, end).0
}

/// The path at byte `end`, and the keys of the object that closed last
/// before it (when the last thing read closed an object).
fn walk(bytes: &[u8], end: usize) -> (String, Option<Vec<String>>) {
    let mut stack: Vec<Frame> = Vec::new();
    // The last string read, which is a key if a `:` follows it.
    let mut last_string: Option<String> = None;
    let mut closed: Option<Vec<String>> = None;
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => stack.push(Frame::Object(None, Vec::new())),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                closed = match stack.pop() {
                    Some(Frame::Object(_, keys)) => Some(keys),
                    _ => None,
                };
                i += 1;
                continue;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object(key, _)) => *key = None,
                Some(Frame::Array(index)) => *index += 1,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object(key, keys)) = stack.last_mut() {
                    *key = last_string.take();
                    keys.extend(key.clone());
                }
            }
            b'"' => {
                let (string, next) = read_string(bytes, i + 1, end);
                // A key under way when the error struck (`"templat` cut off
                // by the position) is the key being read.
                if next >= end {
                    if let Some(Frame::Object(key @ None, _)) = stack.last_mut() {
                        *key = Some(string);
                    }
                    break;
                }
                last_string = Some(string);
                i = next;
                continue;
            }
            b if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {}
        }
        closed = None;
        i += 1;
    }
    // An unknown key is reported after it is read, before its `:`.
    if let (Some(Frame::Object(key @ None, _)), Some(s)) = (stack.last_mut(), last_string) {
        let rest = bytes.get(end..).unwrap_or_default();
        let next = rest.iter().find(|b| !b.is_ascii_whitespace());
        if !matches!(next, Some(b',' | b'}')) {
            *key = Some(s);
        }
    }
    (render(&stack), closed)
}

fn render(stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Object(Some(key), _) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Frame::Object(None, _) => {}
            Frame::Array(index) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// A string's contents from `start` (just after its opening quote) and the
/// index after its closing quote, or `end` when it runs past it.
fn read_string(bytes: &[u8], start: usize, end: usize) -> (String, usize) {
    let mut i = start;
    let mut raw = Vec::new();
    while i < end {
        match bytes[i] {
            b'"' => return (String::from_utf8_lossy(&raw).into_owned(), i + 1),
            b'\\' if i + 1 < end => {
                raw.push(bytes[i + 1]);
                i += 2;
            }
            b => {
                raw.push(b);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&raw).into_owned(), end)
}

/// The byte offset of 1-based `line` and `column` (serde_json counts the
/// column in bytes), clamped to the text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            return (offset + column).min(offset + l.len()).min(text.len());
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;

    /// Both paths for one text: ours and the tracking deserializer's.
    fn both<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> Option<(String, String)> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let err = serde_path_to_error::deserialize::<_, T>(de).err()?;
        let tracked = err.path().to_string();
        let tracked = if tracked == "." {
            String::new()
        } else {
            tracked
        };
        let inner = err.into_inner();
        Some((path_of(text, &inner), tracked))
    }

    #[test]
    fn paths_of_typical_mistakes() {
        use crate::kb::{tree::Tree, Messages};
        let unknown = "{\"status_messages\": [\n {\"id\": 1, \"templat\": \"x\"}\n]}";
        let (ours, theirs) = both::<Messages>(unknown).expect("error");
        assert_eq!(ours, "status_messages[0].templat");
        assert_eq!(ours, theirs);
        let wrong_type = "{\"status_messages\": [{\"id\": \"one\"}]}";
        assert_eq!(
            both::<Messages>(wrong_type).expect("error").0,
            "status_messages[0].id"
        );
        let missing = "{\"start\": \"a\", \"nodes\": [{\"id\": \"a\"}]}";
        let (ours, theirs) = both::<Tree>(missing).expect("error");
        assert_eq!(ours, theirs);
        assert_eq!(path_at("", 9, 9, None), "");
        assert_eq!(path_at("{\"a\": [1, {\"b\"", 1, 14, None), "a[1].b");
        assert_eq!(path_at("\"\\", 1, 2, None), "");
        // A position inside a character: the key as far as it goes.
        assert_eq!(path_at("{\"é\": [", 1, 3, None), "\u{fffd}");
    }

    /// Every member of every embedded JSON file, in turn, replaced by a value
    /// of the wrong type, renamed, or removed: both paths agree.
    #[test]
    fn matches_the_tracking_deserializer() {
        use serde_json::Value;
        let mut compared = 0;
        let mut differ = 0;
        for (folder, files) in crate::kb::load::embedded_files() {
            for (name, text) in *files {
                let Ok(root) = serde_json::from_str::<Value>(text) else {
                    continue;
                };
                let mut variants = Vec::new();
                mutate(&root, &mut Vec::new(), &root, &mut variants);
                for v in variants {
                    let pretty = serde_json::to_string_pretty(&v).expect("serialises");
                    if let Some((ours, theirs)) = check(name, &pretty) {
                        if ours != theirs {
                            eprintln!("{folder}/{name}: ours {ours:?} theirs {theirs:?}");
                            differ += 1;
                        }
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 100, "only {compared} broken variants compared");
        assert_eq!(differ, 0, "of {compared}");
    }

    fn check(name: &str, text: &str) -> Option<(String, String)> {
        use crate::kb::*;
        match name {
            "article.json" => both::<Metadata>(text),
            "tree.json" => both::<tree::Tree>(text),
            "messages.json" => both::<Messages>(text),
            "registry.json" => both::<Registry>(text),
            "files.json" => both::<Files>(text),
            "remediation.json" => both::<Remediation>(text),
            "simulator.json" => both::<SimDefaults>(text),
            _ => None,
        }
    }

    /// Variants of `root` with one member at `path` broken, for every path.
    fn mutate(
        value: &serde_json::Value,
        path: &mut Vec<PathStep>,
        root: &serde_json::Value,
        out: &mut Vec<serde_json::Value>,
    ) {
        use serde_json::Value;
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    path.push(PathStep::Key(k.clone()));
                    for broken in [Broken::WrongType, Broken::Renamed, Broken::Removed] {
                        let mut copy = root.clone();
                        apply(&mut copy, path, broken);
                        out.push(copy);
                    }
                    mutate(v, path, root, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    path.push(PathStep::Index(i));
                    mutate(v, path, root, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    #[derive(Clone)]
    enum PathStep {
        Key(String),
        Index(usize),
    }

    #[derive(Clone, Copy)]
    enum Broken {
        WrongType,
        Renamed,
        Removed,
    }

    fn apply(root: &mut serde_json::Value, path: &[PathStep], broken: Broken) {
        use serde_json::Value;
        let (last, parents) = path.split_last().expect("a member");
        let mut at = root;
        for step in parents {
            at = match step {
                PathStep::Key(k) => &mut at[k.as_str()],
                PathStep::Index(i) => &mut at[*i],
            };
        }
        let (PathStep::Key(key), Value::Object(map)) = (last, at) else {
            return;
        };
        match broken {
            Broken::WrongType => {
                let wrong = match map.get(key) {
                    Some(Value::String(_)) => Value::Bool(true),
                    _ => Value::String("x".into()),
                };
                map.insert(key.clone(), wrong);
            }
            Broken::Renamed => {
                if let Some(v) = map.remove(key) {
                    map.insert(format!("{key}_x"), v);
                }
            }
            Broken::Removed => {
                map.remove(key);
            }
        }
    }
}
