//! Evidence parsers: arbitrary bytes in, [`crate::evidence::Scan`] out.
