//! Removing page chrome from Arabic web copy, folding repeated leads, splitting sentences.
