//! The app's views, one file each; each is a small component over engine data.

pub mod article;
pub mod simulator;
