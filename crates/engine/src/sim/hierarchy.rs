//! The SMS hierarchy below the central (package-creating) site, and how many
//! sites one unpatched processing of a package sends to.

use serde::{Deserialize, Serialize};

/// One site and the site above it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteLink {
    pub site: String,
    pub parent: String,
}

/// The sites below the central site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Hierarchy {
    /// A regular tree: every site has `fanout` children, `depth` tiers below
    /// the central site (`depth` 1 is a flat hierarchy of `fanout` sites).
    Tree { fanout: u32, depth: u32 },
    /// Fan-out per tier, top first: `[5, 4]` is 5 child sites with 4 children
    /// each, 25 sites below the central site.
    Tiers { fanout: Vec<u32> },
    /// An explicit parent list, as evidence yields it. Site codes compare
    /// case-insensitively; only sites reachable from `central` count, each once.
    Parents {
        central: String,
        links: Vec<SiteLink>,
    },
}

impl Default for Hierarchy {
    fn default() -> Self {
        Hierarchy::Tiers { fanout: Vec::new() }
    }
}

impl Hierarchy {
    /// A flat hierarchy of `sites` child sites.
    pub fn flat(sites: u32) -> Self {
        Hierarchy::Tiers {
            fanout: vec![sites],
        }
    }

    /// Number of sites below the central site, or `None` if above `max`.
    pub fn sites_below(&self, max: u64) -> Option<u64> {
        match self {
            Hierarchy::Tree { fanout, depth } => {
                let tiers = usize::try_from(*depth).ok()?;
                tiers_total(std::iter::repeat_n(*fanout, tiers), max)
            }
            Hierarchy::Tiers { fanout } => tiers_total(fanout.iter().copied(), max),
            Hierarchy::Parents { central, links } => reachable(central, links, max),
        }
    }
}

fn tiers_total(fanout: impl Iterator<Item = u32>, max: u64) -> Option<u64> {
    let (mut tier, mut total) = (1u64, 0u64);
    for f in fanout {
        tier = tier.checked_mul(u64::from(f))?;
        if tier == 0 {
            break;
        }
        total = total.checked_add(tier)?;
        if total > max {
            return None;
        }
    }
    Some(total)
}

fn reachable(central: &str, links: &[SiteLink], max: u64) -> Option<u64> {
    if u64::try_from(links.len()).ok()? > max.saturating_mul(4) {
        return None;
    }
    // Site codes are ASCII: compared without ASCII case.
    let mut children: crate::tree::order::Keyed<Vec<String>> = Default::default();
    for link in links {
        children
            .slot(link.parent.to_ascii_uppercase())
            .push(link.site.to_ascii_uppercase());
    }
    let root = central.to_ascii_uppercase();
    let mut seen = crate::tree::order::set([root.clone()]);
    let mut queue = vec![root];
    while let Some(site) = queue.pop() {
        for child in children.get(&site).into_iter().flatten() {
            if seen.insert(child.clone()) {
                queue.push(child.clone());
            }
        }
    }
    let below = u64::try_from(seen.len() - 1).ok()?;
    (below <= max).then_some(below)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(site: &str, parent: &str) -> SiteLink {
        SiteLink {
            site: site.into(),
            parent: parent.into(),
        }
    }

    #[test]
    fn counts_regular_trees_and_tiers() {
        let tree = |fanout, depth| Hierarchy::Tree { fanout, depth }.sites_below(1_000_000);
        assert_eq!(tree(10, 2), Some(110));
        assert_eq!(tree(3, 1), Some(3));
        assert_eq!(tree(0, 5), Some(0));
        assert_eq!(tree(7, 0), Some(0));
        assert_eq!(tree(1000, 3), None);
        assert_eq!(tree(u32::MAX, u32::MAX), None);
        let tiers = Hierarchy::Tiers {
            fanout: vec![5, 4, 0, 9],
        };
        assert_eq!(tiers.sites_below(100), Some(25));
        assert_eq!(Hierarchy::flat(1000).sites_below(999), None);
    }

    #[test]
    fn parent_lists_count_reachable_sites_once() {
        let h = Hierarchy::Parents {
            central: "c00".into(),
            links: vec![
                link("P01", "C00"),
                link("p02", "C00"),
                link("S11", "P01"),
                link("S11", "P02"), // listed twice: counted once
                link("P01", "S11"), // a cycle back up: ignored
                link("X99", "ZZZ"), // not below the central site
                link("C00", "P01"), // the central site itself
            ],
        };
        assert_eq!(h.sites_below(100), Some(3));
        assert_eq!(h.sites_below(2), None);
    }
}
