"""The rules of factdb. Web routes, the JSON API and the CLI call these functions and nothing
else decides who may do what. Each public function takes the caller's ``Session`` and never
commits: the caller's one transaction per user action commits or rolls back as a whole."""

# The search index follows every flush of the rows it indexes (see search.index).
from factdb.services.search import index as _search_index  # noqa: F401
