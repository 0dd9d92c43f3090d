//! The retry-loop simulator.
