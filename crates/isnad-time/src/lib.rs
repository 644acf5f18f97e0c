//! Finding Arabic temporal expressions, resolving them to the calendar, inferring publication dates.
