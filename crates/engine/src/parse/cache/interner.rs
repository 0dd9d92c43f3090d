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
    /// One word from a folded multiply (as foldhash and ahash mix): the two
    /// halves of the 128-bit product of the two words, each first XORed
    /// with a constant, XORed together, and the length added last.
    ///
    /// Not the derived hash: Fx multiplies each word in, a multiply carries
    /// a difference only upwards, and package IDs and site codes differ in
    /// their last bytes, the words' top bytes; the table places keys by the
    /// hash's low bits, so they all probed the same places. Not an XOR of
    /// the two words either: where they overlap (9 to 15 bytes) the shared
    /// bytes cancel. Nor the length XORed into a word, where it cancels
    /// against a byte (`"ab"` and `"acb"`). In the product every input bit
    /// reaches the middle bits, and the fold brings those to both ends.
    /// Each constant's low byte is 0xFF, which UTF-8 text never holds, and
    /// each word's low byte is a byte of the text (or zero): so neither
    /// factor is ever zero. One multiply: a longer mix (MurmurHash3's
    /// finaliser) adds its latency to every lookup (`docs/performance.md`).
    /// A fixed function, so no defence against collisions made on purpose:
    /// the table's size cap ([`MAX_INTERNED`]) only bounds how long a probe
    /// chain they make can grow.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        const K_HEAD: u64 = 0x243F_6A88_85A3_08FF;
        const K_TAIL: u64 = 0x1319_8A2E_0370_73FF;
        let product = u128::from(self.head ^ K_HEAD) * u128::from(self.tail ^ K_TAIL);
        let folded = (product as u64) ^ ((product >> 64) as u64);
        state.write_u64(folded ^ self.len as u64);
    }
}

impl ShortKey {
    const MAX: usize = 16;

    fn of(bytes: &[u8]) -> Option<ShortKey> {
        let len = bytes.len();
        let u32_at = |at: usize| {
            bytes
                .get(at..at + 4)
                .and_then(|word| word.first_chunk::<4>())
                .map_or(0, |word| u64::from(u32::from_le_bytes(*word)))
        };
        let u64_at = |at: usize| {
            bytes
                .get(at..at + 8)
                .and_then(|word| word.first_chunk::<8>())
                .map_or(0, |word| u64::from_le_bytes(*word))
        };
        let (head, tail) = match len {
            // First, middle and last byte: each of the one to three bytes
            // is one of them.
            1..=3 => (
                u64::from(bytes[0])
                    | u64::from(bytes[len / 2]) << 8
                    | u64::from(bytes[len - 1]) << 16,
                0,
            ),
            4..=7 => (u32_at(0), u32_at(len - 4)),
            8..=Self::MAX => (u64_at(0), u64_at(len - 8)),
            _ => return None,
        };
        Some(ShortKey { head, tail, len })
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

    /// Whether a new string may still be kept ([`MAX_INTERNED`] in both
    /// tables together).
    fn has_room(&self) -> bool {
        self.short.len() + self.long.len() < MAX_INTERNED
    }

    fn short_one(&mut self, key: ShortKey, s: &str) -> Shared {
        if let Some(shared) = self.short.get(&key) {
            return Shared::clone(shared);
        }
        let shared = Shared::from(s);
        if self.has_room() {
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
        if self.has_room() {
            self.long.insert(Shared::clone(&shared));
        }
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Keys are equal exactly when the bytes are: every length up to 17,
    /// every byte position changed to every other value in a few strings,
    /// and every pair of lengths (longer than [`ShortKey::MAX`]: no key).
    #[test]
    fn short_keys_tell_strings_apart() {
        for len in 0..=ShortKey::MAX + 1 {
            for base in [0u8, b'a', 0xFF] {
                let s: Vec<u8> = (0..len).map(|i| base.wrapping_add(i as u8)).collect();
                let key = ShortKey::of(&s);
                assert_eq!(key.is_none(), len == 0 || len > ShortKey::MAX, "{s:?}");
                let Some(key) = key else { continue };
                for at in 0..len {
                    for byte in 0..=u8::MAX {
                        let mut other = s.clone();
                        other[at] = byte;
                        let same = ShortKey::of(&other) == Some(key);
                        assert_eq!(same, other == s, "{s:?} against {other:?}");
                    }
                }
                for other_len in 1..=ShortKey::MAX {
                    let other: Vec<u8> = s.iter().copied().cycle().take(other_len).collect();
                    if other_len != len && !other.is_empty() {
                        assert_ne!(ShortKey::of(&other), Some(key));
                    }
                }
            }
        }
    }

    /// The hash a table sees for `s`.
    fn hash_of(s: &str) -> u64 {
        use std::hash::BuildHasher;
        let key = ShortKey::of(s.as_bytes()).expect("a short string");
        rustc_hash::FxBuildHasher.hash_one(key)
    }

    /// Families of strings that differ in a few bytes (package IDs, a
    /// file name with a counter in its middle, one byte of each length)
    /// get as many hashes as strings, and spread over the low bits the
    /// table places them by. With `head ^ tail.rotate_left(32)` the 12-byte
    /// family all had one hash; with the length added to the first word,
    /// `"{"` and `"x{"` had one (so had `"ab"` and `"acb"`, in the
    /// three-byte family below).
    #[test]
    fn hashes_spread_families_of_near_strings() {
        let families: Vec<Vec<String>> = vec![
            (0..10_000).map(|n| format!("CEN{n:05}")).collect(),
            (0..10_000).map(|n| format!("CEN0{n:04}.PKG")).collect(),
            (0..10_000)
                .map(|n| format!("{n:04}SMS_SITE{n:04}"))
                .collect(),
            (0..=u8::MAX)
                .flat_map(|a| (b'a'..=b'z').map(move |b| format!("{}{}", a as char, b as char)))
                .chain((b'a'..=b'z').map(|c| format!("a{}b", c as char)))
                .collect(),
            (1..=ShortKey::MAX)
                .flat_map(|len| {
                    (32u8..127).map(move |b| {
                        let mut s = vec![b'x'; len];
                        s[len / 2] = b;
                        String::from_utf8(s).expect("ASCII")
                    })
                })
                .collect(),
        ];
        for family in &families {
            let hashes: std::collections::HashSet<u64> =
                family.iter().map(|s| hash_of(s)).collect();
            assert_eq!(hashes.len(), family.len(), "{:?}...", &family[..2]);
            let low: std::collections::HashSet<u64> = hashes.iter().map(|h| h & 0xFFFF).collect();
            // Random hashes would fill 1 - e^(-n/65536) of the 65,536 slots.
            let expected = 65_536.0 * (1.0 - (-(family.len() as f64) / 65_536.0).exp());
            assert!(
                low.len() as f64 > 0.95 * expected,
                "{} low values for {}",
                low.len(),
                family.len()
            );
        }
    }

    proptest! {
        /// The same text gives the same `Rc`, other text another one with
        /// that text, whatever came before; the last string, the slots and
        /// both tables (up to 18 bytes) are all exercised.
        #[test]
        fn equal_text_is_shared(words in proptest::collection::vec("[ab]{0,18}", 1..60)) {
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
