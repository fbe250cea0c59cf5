"""Suggestions for long sources, found by a background job and kept with it.

Finding suggestions takes time that grows with the text; above a size (the app's
``SUGGEST_INLINE_MAX_CHARS``) the reader must not wait for it. The job's result holds what was
found for one text and one state of the known organizations (its ``subject``), so every
reader of that source shares it until an organization or alias is added.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import Engine
from sqlmodel import Session

from factdb.db import recording_session, session_scope
from factdb.models import Job, JobStatus, Source, User
from factdb.services.errors import SuggestionsPendingError
from factdb.services.jobs import Progress, job_result, shared_job, start_job
from factdb.services.review.organizations import organization_aliases
from factdb.services.sources.documents import get_source
from factdb.services.suggest import Suggestion, suggest

KIND = "suggestions"
DEFAULT_INLINE_MAX_CHARS = 100_000


def inline_limit() -> int:
    """The longest text (characters) whose suggestions are found within a request."""
    if has_app_context():
        return int(current_app.config.get("SUGGEST_INLINE_MAX_CHARS", DEFAULT_INLINE_MAX_CHARS))
    return DEFAULT_INLINE_MAX_CHARS


def subject(source: Source, organizations_state: tuple) -> str:
    """What a suggestions job works on: the source's text and the organizations known."""
    state = "-".join(str(n or 0) for pair in organizations_state for n in pair)
    return f"source:{source.id}:{source.sha256[:16]}:{source.published}:{state}"


def stored_or_started(
    session: Session, source: Source, key: str, requested_by: User | None
) -> list[Suggestion]:
    """What a job found for ``key``; if none is done, one is started for ``requested_by``.

    Raises SuggestionsPendingError (with the job) while the job is queued or running.
    """
    job = shared_job(session, KIND, key)
    if job is not None and job.status == JobStatus.done.value:
        return [Suggestion(**item) for item in job_result(job).get("suggestions", [])]
    if job is None:
        if requested_by is None:
            raise SuggestionsPendingError(None)
        # Recorded apart when the caller only reads (db.recording_session).
        with recording_session(session) as recording:
            job = start_job(recording, requested_by, KIND, {"source_id": source.id}, subject=key)
    raise SuggestionsPendingError(job.id, job.progress)


def run_suggestions_job(
    engine: Engine, job: Job, params: dict, progress: Progress, files_dir: Path
) -> dict:
    """The job handler: find the source's suggestions and keep them in the result."""
    with session_scope(engine, write=False) as session:
        source = get_source(session, params["source_id"])
        aliases = organization_aliases(session)
    progress(0.1, f"Finding dates, figures and statements in {len(source.text):,} characters…")
    found = suggest(source.text, source.published, aliases)
    suggestions = [asdict(item) for item in found]
    return {"suggestions": suggestions, "count": len(found), "source_id": source.id}
