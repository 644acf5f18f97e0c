//! Shared types that flow between the pipeline stages.
//!
//! Every stage crate takes one of these types and returns the next one:
//! `ingest → RawDoc`, `clean → CleanDoc`, `dedup → CopyGroups`. Keeping them
//! here (and nothing else) lets each stage be built, tested and replaced alone.

pub mod doc;
pub mod error;
pub mod offsets;

pub use doc::*;
pub use error::*;
pub use offsets::*;
