//! Scoring the time stage (to be written).
