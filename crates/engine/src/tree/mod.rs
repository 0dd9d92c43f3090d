//! Decision-tree sessions and diagnosis.
