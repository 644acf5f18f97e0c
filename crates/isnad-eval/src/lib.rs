//! Scoring each extraction stage against its gold file.
//!
//! One module per stage; each exposes `run(...) -> anyhow::Result<Report>`
//! where the report implements `Display` (the table `isnad eval STAGE`
//! prints) and `Serialize` (for `--json`).

pub mod clean;
pub mod dedup;
pub mod entities;
pub mod events;
pub mod ner;
pub mod time;
