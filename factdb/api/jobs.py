"""Background jobs in the API: follow a job, download its file, start a report as a job."""

from __future__ import annotations

from flask import current_app, g, jsonify, send_file, url_for

from factdb.api.openapi import DESCRIPTIONS, RESPONSE_SCHEMAS
from factdb.api.registry import operation
from factdb.api.validation import parse_body
from factdb.db import get_session
from factdb.services.jobs import get_job, job_summary, result_file
from factdb.services.reports.inputs import ReportJob
from factdb.services.reports.jobs import start_report_job
from factdb.tasks import job_files_dir

JOB_ID = "/jobs/<int:job_id>"
RESPONSE_SCHEMAS["Job"] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string"},
        "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
        "progress": {"type": "number", "minimum": 0, "maximum": 1},
        "message": {"type": ["string", "null"]},
        "result": {"type": ["object", "null"]},
        "result_url": {"type": ["string", "null"]},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
    },
    "required": ["id", "kind", "status", "progress", "result_url"],
}


def _job_json(job) -> dict:
    body = job_summary(job)
    has_file = body.pop("has_file")
    body["result_url"] = url_for("api.job_result", job_id=job.id) if has_file else None
    return body


@operation(
    JOB_ID,
    "GET",
    "A background job: status, progress (0 to 1), message and result link",
    "jobs",
    responses={200: "Job", 404: "Error"},
    description="Only the user who started a job, or an editor, sees it.",
)
def job_show(job_id: int):
    return jsonify(_job_json(get_job(get_session(), g.api_user, job_id)))


@operation(
    f"{JOB_ID}/result",
    "GET",
    "The file a finished job produced",
    "jobs",
    responses={200: "File", 404: "Error"},
    content_types=("application/pdf", "text/html", "application/json", "text/csv"),
)
def job_result(job_id: int):
    job = get_job(get_session(), g.api_user, job_id)
    path = result_file(job, job_files_dir())
    return send_file(path, as_attachment=True, download_name=path.name)


@operation(
    "/jobs/reports",
    "POST",
    "Make a report (any format, PDF included) in the background",
    "jobs",
    body=ReportJob,
    body_name="ReportJobCreate",
    responses={202: "Job", 403: "Error", 422: "Error"},
    description="Reviewers and editors only. Follow the job at its Location; when it is "
    "done, result_url serves the file.",
)
def job_report_create():
    body = parse_body(ReportJob)
    fmt, args = body.format, body.filter_args()
    publisher = {
        "name": current_app.config["PUBLISHER_NAME"],
        "url": current_app.config["PUBLISHER_URL"],
    }
    job = start_report_job(get_session(), g.api_user, args, fmt, publisher)
    response = jsonify(_job_json(job))
    response.headers["Location"] = url_for("api.job_show", job_id=job.id)
    return response, 202


DESCRIPTIONS.setdefault(202, "Accepted: the work goes on as a background job")
