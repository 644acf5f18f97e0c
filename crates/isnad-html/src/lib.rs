//! HTML pages to body blocks and metadata (title, dates, outlet, canonical URL).
