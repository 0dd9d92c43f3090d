//! The knowledge base: article model, the articles embedded at build time, and
//! their validation.

pub mod tree;
