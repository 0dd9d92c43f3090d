//! The app's views, one file each; each is a small component over engine data.

pub mod article;
pub mod articles;
pub mod evidence;
pub mod inputs;
pub mod log;
pub mod outcome;
pub mod session;
pub mod simulator;
pub mod timeline;
pub mod wizard;
