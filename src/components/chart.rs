//! An SVG line chart (placeholder until the simulator view lands).
