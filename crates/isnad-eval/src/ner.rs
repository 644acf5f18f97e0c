//! Scoring the ner stage (to be written).
