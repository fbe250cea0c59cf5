"""Tracking: the same claim across sources and over time — similar claims (claim matching),
confirmed matches and their groups, conflicts, as-of and re-check dates, organizations."""

from factdb.services.tracking import conflicts, embedding_jobs, embeddings, recheck

# The review workflow announces saved claims and verdicts; tracking follows them.
conflicts.connect()
recheck.connect()
embeddings.connect()
embedding_jobs.connect()
