//! Finding exact and near-duplicate documents (MinHash + LSH) and folding them into copy groups.
