//! Named-entity tagging of Arabic news (PER, ORG, LOC, GPE, MISC, TITLE) with a model trained here.
