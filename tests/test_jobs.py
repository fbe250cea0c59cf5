"""Long work leaves the request: PDF reports and suggestions for long sources run as jobs
whose progress, outcome and result their owner (or an editor) follows."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import select

from factdb.demo import load_demo
from factdb.models import Job
from factdb.services.accounts.users import create_token, user_by_email
from factdb.services.jobs import remove_old_files, run_job
from factdb.services.reports.jobs import start_report_job
from factdb.tasks import get_queue, job_files_dir
from factdb.timeutil import utcnow

REVIEWER = ("reviewer@example.org", "demo-reviewer-pass")
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo(tx):
    with tx() as s:
        load_demo(s)


@pytest.fixture
def queued(app, tmp_path):
    """A real queue (a SQLite file) instead of running jobs at once: work waits for a worker."""
    app.config.update(TASK_QUEUE_IMMEDIATE=False, TASK_QUEUE_URL=str(tmp_path / "tasks.sqlite3"))
    return get_queue(app)


def token(tx, email: str) -> dict:
    with tx() as s:
        return {"Authorization": f"Bearer {create_token(s, user_by_email(s, email))[1]}"}


def job_row(session, job_id: int) -> Job:
    session.rollback()
    return session.get(Job, job_id)


def test_large_pdf_answers_at_once_with_a_job_and_the_file_follows(
    app, client, auth, demo, queued, engine, session
):
    app.config["REPORT_PDF_INLINE_MAX_CHARS"] = 100
    auth.login(*REVIEWER)
    started = time.monotonic()
    response = client.get("/export/download?format=pdf&status=verified")
    assert time.monotonic() - started < 5
    assert response.status_code == 303 and "/jobs/" in response.location
    job_id = int(response.location.rsplit("/", 1)[1])
    assert len(queued) == 1 and job_row(session, job_id).status == "queued"
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Waiting for a worker" in page and 'http-equiv="refresh"' in page
    queued.execute(queued.dequeue())  # what a worker does
    assert job_row(session, job_id).status == "done"
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Download factdb-report-" in page and 'http-equiv="refresh"' not in page
    pdf = client.get(f"/jobs/{job_id}/download")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_small_pdf_is_still_made_within_the_request(app, client, auth, demo):
    app.config["REPORT_PDF_INLINE_MAX_CHARS"] = 1_000_000
    auth.login(*REVIEWER)
    response = client.get("/export/download?format=pdf&status=verified")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_api_report_job_gives_status_progress_and_result_link(client, demo, tx):
    headers = token(tx, REVIEWER[0])
    started = client.post(
        "/api/v1/jobs/reports", headers=headers, json={"format": "pdf", "status": "verified"}
    )
    assert started.status_code == 202, started.json
    followed = client.get(started.headers["Location"], headers=headers).json
    assert followed["status"] == "done" and followed["progress"] == 1
    assert followed["result"]["claims"] == 2
    pdf = client.get(followed["result_url"], headers=headers)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    both = client.post(
        "/api/v1/jobs/reports",
        headers=headers,
        json={"format": "csv", "status": "verified,refuted"},
    )
    assert client.get(both.headers["Location"], headers=headers).json["result"]["claims"] == 3


def test_old_job_files_are_removed_and_their_download_says_so(app, client, demo, tx, engine):
    headers = token(tx, REVIEWER[0])
    started = client.post("/api/v1/jobs/reports", headers=headers, json={"format": "csv"})
    followed = client.get(started.headers["Location"], headers=headers).json
    files = job_files_dir(app)
    stray = files / "notes.txt"
    stray.write_text("not a job's")
    with tx() as s:
        assert remove_old_files(s, files, timedelta(days=7)) == 0  # finished just now: kept
    assert client.get(followed["result_url"], headers=headers).status_code == 200
    with engine.begin() as connection:
        connection.execute(update(Job).values(updated_at=utcnow() - timedelta(days=8)))
    with tx() as s:
        assert remove_old_files(s, files, timedelta(days=7)) == 1
    gone = client.get(followed["result_url"], headers=headers)
    assert gone.status_code == 404 and "no longer kept" in gone.json["message"]
    assert stray.read_text() == "not a job's"
    assert client.get(started.headers["Location"], headers=headers).json["status"] == "done"


def test_a_job_is_seen_only_by_its_owner_and_editors(client, demo, tx):
    owner = token(tx, REVIEWER[0])
    location = client.post("/api/v1/jobs/reports", headers=owner, json={"format": "csv"})
    location = location.headers["Location"]
    assert client.get(location, headers=owner).status_code == 200
    assert client.get(location, headers=token(tx, "editor@example.org")).status_code == 200
    for other in ("reviewer2@example.org", "annotator@example.org"):
        assert client.get(location, headers=token(tx, other)).status_code == 404
    assert client.get(location + "/result", headers=token(tx, "annotator@example.org")).json[
        "error"
    ] == ("not_found")


def test_annotators_cannot_start_report_jobs(client, demo, tx):
    annotator = token(tx, "annotator@example.org")
    response = client.post("/api/v1/jobs/reports", headers=annotator, json={"format": "pdf"})
    assert response.status_code == 403
    bad = client.post("/api/v1/jobs/reports", headers=token(tx, REVIEWER[0]), json={"format": "x"})
    assert bad.status_code == 422


def test_a_failed_job_says_why_to_its_owner(app, client, auth, demo, queued, tx, engine, session):
    with app.app_context(), tx() as s:
        reviewer = user_by_email(s, REVIEWER[0])
        job = start_report_job(s, reviewer, {"status": ["verified"]}, "pdf")
    with tx() as s:  # the role is taken away before a worker gets to the job
        user_by_email(s, REVIEWER[0]).role = "annotator"
    run_job(engine, job.id, job_files_dir(app))
    failed = job_row(session, job.id)
    assert failed.status == "failed" and "reviewer" in failed.message
    auth.login(*REVIEWER)
    assert "Failed:" in client.get(f"/jobs/{job.id}").get_data(as_text=True)


def long_text(chars: int) -> str:
    paragraph = (
        "The Lakeside Transit Agency said on 4 March 2024 that ridership rose 14 per cent, "
        "to 3.2 million trips, and that fares would stay at $2.50 until June 2026.\n\n"
    )
    return paragraph * (chars // len(paragraph) + 1)


def test_reader_of_a_long_source_answers_at_once_and_shows_suggestions_when_done(
    app, client, auth, annotator, make_source, queued, engine, session
):
    app.config["SUGGEST_INLINE_MAX_CHARS"] = 10_000
    source = make_source(text=long_text(60_000))
    auth.login(annotator)
    started = time.monotonic()
    page = client.get(f"/sources/{source.id}")
    assert time.monotonic() - started < 5
    assert page.status_code == 200
    assert "Suggestions are being computed" in page.get_data(as_text=True)
    again = client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert "Suggestions are being computed" in again
    session.rollback()
    assert len(session.exec(select(Job)).all()) == 1  # one job however often the source is read
    queued.execute(queued.dequeue())
    done = client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert "Suggested claims" in done and "being computed" not in done
    assert "3.2 million" in done


def test_api_suggestions_of_a_long_source_point_to_the_job(
    app, client, tx, annotator, make_source, queued
):
    app.config["SUGGEST_INLINE_MAX_CHARS"] = 10_000
    source = make_source(text=long_text(20_000))
    with tx() as s:
        headers = {"Authorization": f"Bearer {create_token(s, annotator)[1]}"}
    pending = client.get(f"/api/v1/sources/{source.id}/suggestions", headers=headers)
    assert pending.status_code == 202 and pending.json["error"] == "pending"
    queued.execute(queued.dequeue())
    job = client.get(f"/api/v1/jobs/{pending.json['job_id']}", headers=headers).json
    assert job["status"] == "done" and job["result"]["count"] > 0
    found = client.get(f"/api/v1/sources/{source.id}/suggestions", headers=headers)
    assert found.status_code == 200 and len(found.json["items"]) == job["result"]["count"]


def test_reader_of_a_1_8_million_character_source_answers_at_once(
    client, auth, annotator, make_source, queued
):
    source = make_source(text=long_text(1_800_000))
    auth.login(annotator)
    started = time.monotonic()
    page = client.get(f"/sources/{source.id}")
    elapsed = time.monotonic() - started
    assert page.status_code == 200 and "Suggestions are being computed" in page.get_data(True)
    assert elapsed < 10, f"the reader took {elapsed:.1f} s"


def test_a_real_worker_process_runs_queued_jobs(
    app, client, demo, tx, queued, database_url, tmp_path, session
):
    env = {
        **os.environ,
        "FACTDB_ENV": "development",
        "FACTDB_DATABASE_URL": database_url,
        "FACTDB_TASK_QUEUE_URL": app.config["TASK_QUEUE_URL"],
        "FACTDB_JOB_FILES_DIR": str(tmp_path / "files"),
    }
    app.config["JOB_FILES_DIR"] = str(tmp_path / "files")
    worker = subprocess.Popen(
        [sys.executable, "-m", "factdb", "worker", "--threads", "1"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        headers = token(tx, REVIEWER[0])
        started = client.post("/api/v1/jobs/reports", headers=headers, json={"format": "pdf"})
        job_id = started.json["id"]
        deadline = time.monotonic() + 60
        while job_row(session, job_id).status in ("queued", "running"):
            assert time.monotonic() < deadline, "the worker did not finish the job in 60 s"
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            time.sleep(0.2)
        followed = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json
        assert followed["status"] == "done", followed
        assert client.get(followed["result_url"], headers=headers).data.startswith(b"%PDF")
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
