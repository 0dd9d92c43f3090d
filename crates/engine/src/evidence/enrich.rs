//! Fills a status message's named fields (package ID, child site, ...) from the
//! KB's message templates, so that parsers stay article-agnostic.

use super::Evidence;

/// Fill named fields of status messages from the KB's templates.
/// (Skeleton: the KB work replaces this with template-driven extraction.)
pub fn enrich(_evidence: &mut [Evidence]) {}
