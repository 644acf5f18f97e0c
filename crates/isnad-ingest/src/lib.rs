//! Reading every input format and encoding into RawDoc, with a clear error per bad input.
