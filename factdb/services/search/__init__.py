"""Search: full-text search over claims and sources, list query parsing, and keyset-paginated
lists of claims and sources."""
