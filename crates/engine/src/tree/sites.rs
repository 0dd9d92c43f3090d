//! The site hierarchy as evidence shows it: a status message naming a child
//! site (Distribution Manager's "sent to child site") makes the site that raised
//! it a parent of that child. A parent that no evidence shows below another
//! site is the top of the hierarchy as far as the inputs go (the central site
//! when the inputs cover the hierarchy).

use super::order::Keyed;
use crate::evidence::{Evidence, Fact};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use super::index::{site_link, SiteLink};
use super::rules::norm;

/// One parent site and what the evidence shows around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteRole {
    /// Site code (or server name when the message had no site code).
    pub site: String,
    /// Child sites it sends to.
    pub children: Vec<String>,
    /// Sites the evidence shows above it (empty for the top).
    pub parents: Vec<String>,
    /// No evidence shows a site above it.
    pub top: bool,
}

/// Every parent site the evidence shows, restricted to messages for
/// `packages` when that set is not empty.
pub fn site_roles(evidence: &[Evidence], packages: &BTreeSet<String>) -> Vec<SiteRole> {
    let links: Vec<SiteLink<'_>> = evidence
        .iter()
        .filter_map(|e| match &e.fact {
            Fact::StatusMessage(m) => site_link(m),
            _ => None,
        })
        .collect();
    roles_of(&links, packages)
}

/// [`site_roles`] from the links of the evidence's status messages
/// (parent, child, package, as [`super::rules::field`] reads them): every
/// message's, or each link once (the roles are sets, so both give the same).
pub(super) fn roles_of(links: &[SiteLink<'_>], packages: &BTreeSet<String>) -> Vec<SiteRole> {
    let mut children: Keyed<BTreeSet<String>> = Keyed::default();
    let mut parents: Keyed<BTreeSet<String>> = Keyed::default();
    for &(parent, child, package) in links {
        if !packages.is_empty() {
            let pkg = package.map(norm);
            if !pkg.is_some_and(|p| packages.contains(&p)) {
                continue;
            }
        }
        let (parent, child) = (norm(parent), norm(child));
        children.slot(parent.clone()).insert(child.clone());
        parents.slot(child).insert(parent);
    }
    children
        .into_sorted()
        .into_iter()
        .map(|(site, kids)| {
            let above: Vec<String> = parents
                .get(&site)
                .map(|p| p.iter().cloned().collect())
                .unwrap_or_default();
            SiteRole {
                top: above.is_empty(),
                children: kids.into_iter().collect(),
                parents: above,
                site,
            }
        })
        .collect()
}

impl SiteRole {
    /// One sentence for reports.
    pub fn describe(&self) -> String {
        let kids = self.children.join(", ");
        if self.top {
            format!(
                "{} is a parent site (sends to child sites {kids}) and no evidence shows a site above it: it is the central site as far as these inputs show",
                self.site
            )
        } else {
            format!(
                "{} is a parent site (sends to child sites {kids}) below {}",
                self.site,
                self.parents.join(", ")
            )
        }
    }
}
