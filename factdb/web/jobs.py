"""Background jobs in the web UI: a page that follows one job, and its file to download."""

from __future__ import annotations

from flask import Blueprint, render_template, send_file
from flask_login import current_user, login_required

from factdb.db import get_session
from factdb.models import JobStatus
from factdb.services.jobs import get_job, job_summary, result_file
from factdb.tasks import job_files_dir

bp = Blueprint("jobs", __name__)
LABELS = {
    "report": "Report",
    "suggestions": "Suggestions for a long source",
    "embeddings": "Sentence embeddings for semantic matching",
}


@bp.get("/jobs/<int:job_id>")
@login_required
def show(job_id: int):
    """The job's status and progress; the page reloads itself until the job has finished."""
    job = get_job(get_session(), current_user, job_id)
    return render_template(
        "jobs/show.html",
        job=job,
        summary=job_summary(job),
        label=LABELS.get(job.kind, job.kind),
        finished=JobStatus(job.status).finished,
    )


@bp.get("/jobs/<int:job_id>/download")
@login_required
def download(job_id: int):
    job = get_job(get_session(), current_user, job_id)
    path = result_file(job, job_files_dir())
    response = send_file(path, as_attachment=True, download_name=path.name)
    response.headers["Cache-Control"] = "no-store"
    return response
