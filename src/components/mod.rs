//! Small reusable components.

pub mod chart;
pub mod chart_scale;
pub mod class;
pub mod copy;
pub mod format;
pub mod link;
pub mod param_input;
pub mod reveal;
pub mod table;
