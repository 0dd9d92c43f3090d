//! Small reusable components.

pub mod chart;
