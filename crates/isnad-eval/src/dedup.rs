//! Scoring the dedup stage (to be written).
