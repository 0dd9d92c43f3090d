//! Sorting and ordered sets through one shared copy of the standard sort.
//!
//! `slice::sort_by` is compiled once per element type and comparison, and so
//! is `BTreeSet`'s `collect` (it sorts before it builds): about 3.5 KB of
//! wasm each, a dozen of them in the browser build. [`sort_by`] sorts the
//! positions `0..n` instead, with the comparison behind a `dyn` (one copy of
//! the sort for every caller), then swaps the items into that order; [`set`]
//! builds a set by inserting. Both are stable and give exactly what the
//! standard calls give; sorting positions costs an indirection per
//! comparison, nothing that shows on the engine's lists.

use std::cmp::Ordering;
use std::collections::BTreeSet;

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
    fn a_set_holds_each_item_once_in_order() {
        assert_eq!(
            set([5usize, 1, 5, 3]).into_iter().collect::<Vec<_>>(),
            [1, 3, 5]
        );
        assert_eq!(set(["b", "a"]), ["b", "a"].into_iter().collect());
    }
}
