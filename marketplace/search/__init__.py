"""Catalogue search: Persian+English analysis, the Whoosh index and the outbox that feeds it."""
