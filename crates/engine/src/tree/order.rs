//! Sorting, ordered sets and string-keyed maps with little code per type.
//!
//! `slice::sort_by` is compiled once per element type and comparison, and so
//! is `BTreeSet`'s `collect` (it sorts before it builds): about 3.5 KB of
//! wasm each, a dozen of them in the browser build. [`sort_by`] sorts the
//! positions `0..n` instead, with the comparison behind a `dyn` (one copy of
//! the sort for every caller), then swaps the items into that order; [`set`]
//! builds a set by inserting. Both are stable and give exactly what the
//! standard calls give; sorting positions costs an indirection per
//! comparison, nothing that shows on the engine's lists. [`Keyed`] is a
//! `BTreeMap<String, V>` for any `V` through one `BTreeMap<String, usize>`.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// `v.sort_by(cmp)`: stable, equal items keep their order.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = positions(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    // Item `order[j]` goes to `j`: follow each cycle of the permutation.
    let mut placed = vec![false; v.len()];
    for start in 0..v.len() {
        let mut j = start;
        while !placed[j] {
            placed[j] = true;
            let from = order[j];
            if from == start {
                break;
            }
            v.swap(j, from);
            j = from;
        }
    }
}

/// `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)))
}

/// `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp)
}

/// `items.collect::<BTreeSet<_>>()`.
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

/// A map from strings to values in key order, like a `BTreeMap<String, V>`:
/// a `BTreeMap<String, usize>` (one copy of the B-tree's code, whatever
/// `V`) from each key to its value's place in a list.
#[derive(Debug, Clone)]
pub struct Keyed<V> {
    index: BTreeMap<String, usize>,
    values: Vec<V>,
}

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed {
            index: BTreeMap::new(),
            values: Vec::new(),
        }
    }
}

impl<V> Keyed<V> {
    /// `map.entry(key).or_default()`.
    pub fn slot(&mut self, key: String) -> &mut V
    where
        V: Default,
    {
        let at = self.place(key);
        &mut self.values[at]
    }

    /// The place of `key`'s value (added as `V::default()` when new), for
    /// [`Keyed::at_mut`]: a caller that meets one key many times looks it
    /// up once.
    pub fn place(&mut self, key: String) -> usize
    where
        V: Default,
    {
        let next = self.values.len();
        let at = *self.index.entry(key).or_insert(next);
        if at == next {
            self.values.push(V::default());
        }
        at
    }

    /// The place of `key`'s value, if it has one.
    pub fn place_of(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// The value at `at`, a place [`Keyed::place`] or [`Keyed::place_of`]
    /// gave (panics on any other).
    pub fn at(&mut self, at: usize) -> &mut V {
        &mut self.values[at]
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.index.get(key).map(|&at| &self.values[at])
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.index.keys().map(String::as_str)
    }

    /// `(key, value)` in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.index
            .iter()
            .map(|(key, &at)| (key.as_str(), &self.values[at]))
    }

    /// The values in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.iter().map(|(_, v)| v)
    }

    /// `(key, value)` in key order, the values moved out.
    pub fn into_sorted(self) -> Vec<(String, V)> {
        let mut values: Vec<Option<V>> = self.values.into_iter().map(Some).collect();
        self.index
            .into_iter()
            .filter_map(|(key, at)| values[at].take().map(|v| (key, v)))
            .collect()
    }
}

/// `0..n` stably sorted by `cmp`: the one instance of the standard sort.
#[inline(never)]
fn positions(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_sort_and_keeps_equal_items_in_order() {
        let items: Vec<(u32, &str)> = vec![(3, "a"), (1, "b"), (3, "c"), (0, "d"), (1, "e")];
        let mut ours = items.clone();
        sort_by_key(&mut ours, |p| p.0);
        let mut std = items.clone();
        std.sort_by_key(|p| p.0);
        assert_eq!(ours, std);
        assert_eq!(ours, [(0, "d"), (1, "b"), (1, "e"), (3, "a"), (3, "c")]);
        let mut desc = items;
        sort_by(&mut desc, |a, b| b.0.cmp(&a.0));
        assert_eq!(desc, [(3, "a"), (3, "c"), (1, "b"), (1, "e"), (0, "d")]);
        let mut words = vec!["pear".to_string(), "fig".into(), "apple".into()];
        sort(&mut words);
        assert_eq!(words, ["apple", "fig", "pear"]);
        let mut none: Vec<u8> = Vec::new();
        sort(&mut none);
        assert!(none.is_empty());
        // Every permutation of five items, against the standard sort.
        let mut perm = [0u8, 1, 2, 3, 4];
        for _ in 0..120 {
            let mut ours = perm.map(|x| (x % 3, x));
            let mut std = ours;
            sort_by_key(&mut ours, |p| p.0);
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std, "{perm:?}");
            next_permutation(&mut perm);
        }
    }

    fn next_permutation(p: &mut [u8]) {
        let Some(i) = (1..p.len()).rev().find(|&i| p[i - 1] < p[i]) else {
            p.reverse();
            return;
        };
        let j = (i..p.len())
            .rev()
            .find(|&j| p[j] > p[i - 1])
            .expect("a larger item");
        p.swap(i - 1, j);
        p[i..].reverse();
    }

    #[test]
    fn a_keyed_map_reads_like_a_btree_map() {
        let mut ours: Keyed<Vec<u32>> = Keyed::default();
        let mut std: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (i, key) in ["b", "a", "c", "a", "b", "a"].into_iter().enumerate() {
            ours.slot(key.to_string()).push(i as u32);
            std.entry(key.to_string()).or_default().push(i as u32);
        }
        assert_eq!(ours.len(), 3);
        assert!(!ours.is_empty());
        assert_eq!(ours.get("a"), Some(&vec![1, 3, 5]));
        assert_eq!(ours.get("z"), None);
        assert_eq!(ours.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert!(ours
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .eq(std.clone()));
        assert!(ours.values().eq(std.values()));
        assert_eq!(ours.into_sorted(), std.into_iter().collect::<Vec<_>>());
        assert!(Keyed::<u8>::default().is_empty());
        let mut placed: Keyed<u32> = Keyed::default();
        let b = placed.place("b".to_string());
        let a = placed.place("a".to_string());
        assert_eq!(placed.place("b".to_string()), b);
        *placed.at(a) += 2;
        *placed.at(b) += 1;
        assert_eq!(placed.place_of("a"), Some(a));
        assert_eq!(placed.place_of("z"), None);
        assert_eq!(
            placed.into_sorted(),
            [("a".to_string(), 2), ("b".to_string(), 1)]
        );
    }

    #[test]
    fn a_set_holds_each_item_once_in_order() {
        assert_eq!(
            set([5usize, 1, 5, 3]).into_iter().collect::<Vec<_>>(),
            [1, 3, 5]
        );
        assert_eq!(set(["b", "a"]), ["b", "a"].into_iter().collect());
    }
}
