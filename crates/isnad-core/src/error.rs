//! Input errors: always name the input and the problem, never panic.

use std::fmt;

/// A problem with one input (a file, an archive entry, a record).
///
/// `Display` renders as `where: what`, e.g.
/// `feeds/day1.warc.gz: invalid WARC record at byte 1834: missing Content-Length`,
/// which is what the CLI prints and what the store records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The input path as given (plus `!entry` for archive members, `#locator` for records).
    pub location: String,
    /// A short human-readable description of the problem.
    pub message: String,
}

impl InputError {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            location: location.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for InputError {}

/// A document the reader saw but deliberately did not turn into a `RawDoc`
/// (an empty file, a WARC request record, a feed item without text). Reported
/// in the run summary so that nothing disappears silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub location: String,
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: skipped: {}", self.location, self.reason)
    }
}
