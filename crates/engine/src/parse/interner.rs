//! One scan's table of shared strings: the component, site, server, zone and
//! insertion strings a log repeats on line after line are kept once, and
//! every fact holds the same `Rc` for the same text.
//!
//! Most of those strings are short (site codes, package IDs, server names),
//! and they are looked up by a key read from their bytes as two words
//! ([`ShortKey`]): a lookup is then a few integer compares, where a table of
//! strings hashed every byte and called `memcmp` to compare.

use super::swar;
use crate::evidence::Shared;
use rustc_hash::{FxHashMap, FxHashSet};

/// Distinct strings kept for sharing; beyond this, new values are allocated
/// on their own (a log of all-unique insertion strings gains nothing from
/// the table, and the table must not grow without bound).
const MAX_INTERNED: usize = 1 << 16;
/// Longer strings are not worth a table entry (paths, descriptions).
const MAX_INTERNED_LEN: usize = 128;

/// A field whose last value [`Interner::get_in`] remembers on its own.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Slot {
    /// A log entry's component.
    Entry,
    /// A status message's component, server and site.
    Component,
    System,
    Site,
}

/// A string of 1 to 16 bytes as its length and two words read from its two
/// ends. The two reads cover every byte (they overlap when the string is
/// shorter than 16), so two strings of one length have the same key exactly
/// when they have the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShortKey {
    head: u64,
    tail: u64,
    len: usize,
}

impl std::hash::Hash for ShortKey {
    /// One mixed word. Not the derived hash: Fx multiplies each word in, and
    /// a multiply carries a difference only upwards, while package IDs and
    /// site codes differ in their last bytes, the words' top bytes. The
    /// table places keys by their hash's low bits, so they all probed the
    /// same places. Here the product's high half is folded into the low one.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let x = (self.head ^ self.tail.rotate_left(32) ^ self.len as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        state.write_u64(x ^ (x >> 32));
    }
}

impl ShortKey {
    const MAX: usize = 16;

    fn of(s: &[u8]) -> Option<ShortKey> {
        let n = s.len();
        let u32_at = |at: usize| {
            s.get(at..at + 4)
                .and_then(|b| b.first_chunk::<4>())
                .map_or(0, |b| u64::from(u32::from_le_bytes(*b)))
        };
        let u64_at = |at: usize| {
            s.get(at..at + 8)
                .and_then(|b| b.first_chunk::<8>())
                .map_or(0, |b| u64::from_le_bytes(*b))
        };
        let (head, tail) = match n {
            // First, middle and last byte: each of the one to three bytes
            // is one of them.
            1..=3 => (
                u64::from(s[0]) | u64::from(s[n / 2]) << 8 | u64::from(s[n - 1]) << 16,
                0,
            ),
            4..=7 => (u32_at(0), u32_at(n - 4)),
            8..=Self::MAX => (u64_at(0), u64_at(n - 8)),
            _ => return None,
        };
        Some(ShortKey { head, tail, len: n })
    }
}

/// One scan's table of shared strings.
#[derive(Debug)]
pub(crate) struct Interner {
    /// Strings of up to [`ShortKey::MAX`] bytes, by their key.
    short: FxHashMap<ShortKey, Shared>,
    /// Longer ones, up to [`MAX_INTERNED_LEN`] bytes.
    long: FxHashSet<Shared>,
    /// Each [`Slot`]'s last value: a log repeats a field's value from line to
    /// line, but the fields of one line differ, so one shared "last" string
    /// would miss every time.
    slots: [Shared; 4],
    /// The empty string, which STATMSG lines hold many times each (`ISTR7=""`).
    empty: Shared,
    /// The last string asked for: log lines repeat their neighbours' values
    /// (component, site, server), and one compare is cheaper than a lookup.
    last: Shared,
}

impl Default for Interner {
    fn default() -> Self {
        let empty = Shared::from("");
        Interner {
            short: FxHashMap::default(),
            long: FxHashSet::default(),
            slots: std::array::from_fn(|_| Shared::clone(&empty)),
            last: Shared::clone(&empty),
            empty,
        }
    }
}

impl Interner {
    /// [`Interner::get`] for a field that keeps its own last value.
    pub fn get_in(&mut self, slot: Slot, s: &str) -> Shared {
        let last = &mut self.slots[slot as usize];
        if swar::same(last.as_bytes(), s.as_bytes()) {
            return Shared::clone(last);
        }
        let shared = self.get(s);
        self.slots[slot as usize] = Shared::clone(&shared);
        shared
    }

    /// The shared copy of `s`: the same `Rc` for the same text.
    pub fn get(&mut self, s: &str) -> Shared {
        if s.is_empty() {
            return Shared::clone(&self.empty);
        }
        if swar::same(self.last.as_bytes(), s.as_bytes()) {
            return Shared::clone(&self.last);
        }
        let shared = match ShortKey::of(s.as_bytes()) {
            Some(key) => self.short_one(key, s),
            None => self.long_one(s),
        };
        self.last = Shared::clone(&shared);
        shared
    }

    fn short_one(&mut self, key: ShortKey, s: &str) -> Shared {
        if let Some(shared) = self.short.get(&key) {
            return Shared::clone(shared);
        }
        let shared = Shared::from(s);
        if self.short.len() + self.long.len() < MAX_INTERNED {
            self.short.insert(key, Shared::clone(&shared));
        }
        shared
    }

    fn long_one(&mut self, s: &str) -> Shared {
        if s.len() > MAX_INTERNED_LEN {
            return Shared::from(s);
        }
        if let Some(shared) = self.long.get(s) {
            return Shared::clone(shared);
        }
        let shared = Shared::from(s);
        if self.short.len() + self.long.len() < MAX_INTERNED {
            self.long.insert(Shared::clone(&shared));
        }
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Two strings of up to 17 bytes over a small alphabet, so that equal
    /// and nearly equal pairs are common.
    fn near_pair() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
        let s =
            || proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(0u8)], 0..=17);
        (s(), s())
    }

    proptest! {
        /// Keys are equal exactly when the bytes are, for every length up
        /// to [`ShortKey::MAX`]; longer strings have no key.
        #[test]
        fn short_keys_tell_strings_apart((a, b) in near_pair()) {
            match (ShortKey::of(&a), ShortKey::of(&b)) {
                (Some(ka), Some(kb)) => prop_assert_eq!(ka == kb, a == b),
                (ka, kb) => {
                    prop_assert_eq!(ka.is_none(), a.is_empty() || a.len() > ShortKey::MAX);
                    prop_assert_eq!(kb.is_none(), b.is_empty() || b.len() > ShortKey::MAX);
                }
            }
        }

        /// The same text gives the same `Rc`, other text another one with
        /// that text, whatever came before; the last string, the slots and
        /// both tables are all exercised.
        #[test]
        fn equal_text_is_shared(words in proptest::collection::vec("[ab]{0,3}|[ab]{7,9}|[ab]{15,18}", 1..40)) {
            let mut table = Interner::default();
            let mut seen: Vec<(String, Shared)> = Vec::new();
            for (i, w) in words.iter().enumerate() {
                let got = if i % 3 == 0 { table.get_in(Slot::Site, w) } else { table.get(w) };
                prop_assert_eq!(&*got, w.as_str());
                if let Some((_, first)) = seen.iter().find(|(s, _)| s == w) {
                    prop_assert!(Shared::ptr_eq(first, &got), "{w:?} not shared");
                } else {
                    seen.push((w.clone(), got));
                }
            }
        }
    }

    /// A string longer than [`MAX_INTERNED_LEN`] is copied, not kept.
    #[test]
    fn long_strings_are_not_kept() {
        let mut table = Interner::default();
        let long = "x".repeat(MAX_INTERNED_LEN + 1);
        let a = table.get(&long);
        table.get("other");
        let b = table.get(&long);
        assert_eq!(&*a, long.as_str());
        assert!(!Shared::ptr_eq(&a, &b));
    }
}
