//! Scoring the clean stage (to be written).
