"""Notifications: who hears of what (each kind both ways), @mention handles, the unread count,
the inbox page and API, marking read, and the optional e-mail copy."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from factdb.models import Job, Notification
from factdb.services.accounts.users import set_active
from factdb.services.notifications.inbox import inbox, mark_read, unread_count
from factdb.services.notifications.record import handles_of, mention_handles
from factdb.services.review.claims import get_claim
from factdb.services.review.evidence import add_comment, assign, bulk_assign, edit_comment
from factdb.services.review.workflow import transition
from factdb.services.tracking.recheck import set_recheck_date
from factdb.tasks import get_queue
from factdb.timeutil import utcnow
from tests.tracking_support import decide, rate_claim


def kinds(session, user) -> list[str]:
    """``user``'s notification kinds, oldest first, as committed."""
    session.rollback()
    rows = session.exec(
        select(Notification).where(Notification.recipient_id == user.id).order_by(Notification.id)
    ).all()
    return [n.kind for n in rows]


def move(tx, actor, claim_id, to, note=None):
    with tx() as s:
        return transition(s, actor, claim_id, to, get_claim(s, claim_id).version, note)


@pytest.fixture
def submitted(claim, annotator, tx):
    move(tx, annotator, claim.id, "submitted")
    return claim


# --- assigned to me ---------------------------------------------------------------------


def test_assignee_is_notified_when_an_editor_assigns_a_claim(
    submitted, editor, reviewer, tx, session
):
    with tx() as s:
        assign(s, editor, submitted.id, reviewer.id, get_claim(s, submitted.id).version)
    assert kinds(session, reviewer) == ["assigned"]
    page = inbox(session, reviewer)
    assert page.items[0].message == f"Edith Editor assigned claim #{submitted.id} to you."
    assert page.items[0].detail["claim_text"] == submitted.text


def test_editor_assigning_a_claim_to_themselves_is_not_notified(submitted, editor, tx, session):
    with tx() as s:
        assign(s, editor, submitted.id, editor.id, get_claim(s, submitted.id).version)
    assert kinds(session, editor) == []


def test_bulk_assignment_notifies_the_assignee_once_per_claim(
    make_claim, annotator, editor, reviewer, tx, session
):
    claims = [make_claim(text=f"Ridership rose {n} per cent.") for n in (1, 2)]
    for c in claims:
        move(tx, annotator, c.id, "submitted")
    with tx() as s:
        bulk_assign(s, editor, {c.id: get_claim(s, c.id).version for c in claims}, reviewer.id)
    assert kinds(session, reviewer) == ["assigned", "assigned"]
    assert kinds(session, editor) == []


def test_a_refused_assignment_leaves_no_notification(submitted, editor, reviewer, tx, session):
    with pytest.raises(RuntimeError), tx() as s:
        assign(s, editor, submitted.id, reviewer.id, get_claim(s, submitted.id).version)
        raise RuntimeError("the action fails after the assignment")
    assert kinds(session, reviewer) == []


# --- my claim sent back / decided / reopened ---------------------------------------------


def test_creator_is_notified_when_their_claim_is_sent_back(
    submitted, annotator, reviewer, tx, session
):
    move(tx, reviewer, submitted.id, "in_review")
    move(tx, reviewer, submitted.id, "draft", "The excerpt is cut short.")
    assert kinds(session, annotator) == ["sent_back"]
    item = inbox(session, annotator).items[0]
    assert item.detail["note"] == "The excerpt is cut short."
    assert item.message == f"Rui Reviewer sent your claim #{submitted.id} back to draft."


def test_editor_sending_back_their_own_claim_is_not_notified(
    make_claim, editor, reviewer, tx, session
):
    own = make_claim(actor=editor)
    move(tx, editor, own.id, "submitted")
    move(tx, reviewer, own.id, "in_review")
    move(tx, editor, own.id, "draft", "I will fix it myself.")
    assert kinds(session, editor) == []


def test_creator_is_notified_of_the_verdict_and_of_a_reopening(
    claim, annotator, reviewer, editor, tx, session
):
    decide(tx, claim, annotator, reviewer)
    move(tx, editor, claim.id, "in_review", "A new figure was published.")
    assert kinds(session, annotator) == ["decided", "reopened"]
    decided = inbox(session, annotator).items[1]
    assert decided.message == f"Rui Reviewer decided your claim #{claim.id}: verified."


def test_the_creators_own_moves_notify_nobody(claim, annotator, reviewer, editor, tx, session):
    move(tx, annotator, claim.id, "submitted")
    move(tx, annotator, claim.id, "retracted")
    for user in (annotator, reviewer, editor):
        assert kinds(session, user) == []


# --- a conflict or a re-check due on a claim I decided -----------------------------------


@pytest.fixture
def rate_a(make_source, make_claim):
    return rate_claim(make_source, make_claim, "4.1")


def test_the_reviewer_who_decided_a_claim_hears_of_a_conflict_flagged_for_it(
    rate_a, make_source, make_claim, annotator, reviewer, tx, session
):
    decide(tx, rate_a, annotator, reviewer)
    other = rate_claim(make_source, make_claim, "4.6")
    assert kinds(session, reviewer) == ["conflict"]
    item = inbox(session, reviewer).items[0]
    assert item.claim_id == rate_a.id and item.detail["other_claim_id"] == other.id
    assert "which you decided" in item.message
    assert "conflict" not in kinds(session, annotator)


def test_a_conflict_between_undecided_claims_notifies_nobody(
    rate_a, make_source, make_claim, annotator, reviewer, session
):
    rate_claim(make_source, make_claim, "4.6")
    assert kinds(session, reviewer) == []
    assert "conflict" not in kinds(session, annotator)


def test_a_recheck_fallen_due_is_noted_once_when_the_inbox_is_read(
    claim, annotator, reviewer, tx, session
):
    decide(tx, claim, annotator, reviewer)
    with tx() as s:
        set_recheck_date(s, reviewer, claim.id, utcnow().date() - timedelta(days=1), "Due.")
    with tx() as s:
        assert [i.kind for i in inbox(s, reviewer).items] == ["recheck_due"]
    with tx() as s:
        assert [i.kind for i in inbox(s, reviewer).items] == ["recheck_due"]
    with tx() as s:
        assert [i.kind for i in inbox(s, annotator).items] == ["decided"]


def test_the_workers_hourly_task_notes_due_rechecks_and_refreshes_statistics(
    app, engine, claim, annotator, reviewer, tx, session
):
    decide(tx, claim, annotator, reviewer)
    with tx() as s:
        set_recheck_date(s, reviewer, claim.id, utcnow().date() - timedelta(days=1), "Due.")
    with tx() as s:
        assert unread_count(s, reviewer) == 0
    due_at = [datetime(2026, 1, 1, hour, 5) for hour in range(24)]
    queue = get_queue(app)
    tasks = {task.name for at in due_at for task in queue.read_periodic(at)}
    assert tasks == {"hourly_upkeep"}
    assert queue.read_periodic(datetime(2026, 1, 1, 9, 6)) == []
    for _ in range(2):  # noted once, however often the task runs
        queue.read_periodic(due_at[0])[0].execute()
    with tx() as s:
        assert unread_count(s, reviewer) == 1
        assert [i.kind for i in inbox(s, reviewer).items] == ["recheck_due"]
    if engine.dialect.name == "sqlite":  # SQLite gathers no planner statistics by itself
        with engine.connect() as connection:
            tables = connection.exec_driver_sql("SELECT DISTINCT tbl FROM sqlite_stat1").scalars()
            assert "claim" in set(tables)


def test_a_recheck_date_still_ahead_notifies_nobody(claim, annotator, reviewer, tx, session):
    decide(tx, claim, annotator, reviewer)
    with tx() as s:
        set_recheck_date(s, reviewer, claim.id, utcnow().date() + timedelta(days=1), None)
    with tx() as s:
        assert inbox(s, reviewer).items == []


# --- @mentions ---------------------------------------------------------------------------


def test_mention_handles_are_case_folded_and_skip_email_addresses():
    text = "Thanks @Rui. Ask @rosa.lee, or @RosaReviewer! Mail ana@example.org (@ana)"
    assert mention_handles(text) == {"rui", "rosa.lee", "rosareviewer", "ana"}


def test_a_user_is_mentioned_by_email_name_or_display_name_without_spaces(reviewer2):
    assert handles_of(reviewer2) == {"rosa", "rosareviewer"}


def test_mentioned_active_users_are_notified_but_not_the_author_or_inactive_users(
    claim, annotator, reviewer, reviewer2, editor, make_user, tx, session
):
    gone = make_user("reviewer", "gone@example.org", name="Gone Away")
    with tx() as s:
        set_active(s, editor, gone.id, False)
    with tx() as s:
        add_comment(
            s, annotator, claim.id, "@RUI and @RosaReviewer, see ana@example.org. @ana @gone"
        )
    assert kinds(session, reviewer) == ["mention"]
    assert kinds(session, reviewer2) == ["mention"]
    assert kinds(session, annotator) == []
    assert kinds(session, gone) == []
    assert kinds(session, editor) == []
    item = inbox(session, reviewer).items[0]
    assert item.message == f"Ana Annotator mentioned you in a comment on claim #{claim.id}."
    assert item.detail["comment"].startswith("@RUI and @RosaReviewer")


def test_an_edited_comment_notifies_only_the_users_it_newly_mentions(
    claim, annotator, reviewer, reviewer2, tx, session
):
    with tx() as s:
        comment = add_comment(s, annotator, claim.id, "@rui, a look?")
    with tx() as s:
        edit_comment(s, annotator, claim.id, comment.id, "@rui and @rosa, a look?")
    with tx() as s:
        edit_comment(s, annotator, claim.id, comment.id, "@rosa and @rui, please look.")
    assert kinds(session, reviewer) == ["mention"]
    assert kinds(session, reviewer2) == ["mention"]
    assert inbox(session, reviewer2).items[0].detail["comment"] == "@rui and @rosa, a look?"


def test_a_comment_without_mentions_notifies_nobody(claim, annotator, reviewer, tx, session):
    with tx() as s:
        add_comment(s, annotator, claim.id, "Write to rui@example.org about it.")
    assert kinds(session, reviewer) == []


# --- unread count, marking read ----------------------------------------------------------


def _two_assignments(make_claim, annotator, editor, reviewer, tx):
    claims = [make_claim(text=f"Ridership rose {n} per cent.") for n in (3, 4)]
    for c in claims:
        move(tx, annotator, c.id, "submitted")
    with tx() as s:
        bulk_assign(s, editor, {c.id: get_claim(s, c.id).version for c in claims}, reviewer.id)
    return claims


def test_marking_some_read_lowers_the_unread_count_and_only_for_the_recipient(
    make_claim, annotator, editor, reviewer, tx, session
):
    _two_assignments(make_claim, annotator, editor, reviewer, tx)
    with tx() as s:
        ids = [i.id for i in inbox(s, reviewer).items]
        assert unread_count(s, reviewer) == 2
        assert mark_read(s, editor, ids) == 0  # not the editor's notifications
        assert mark_read(s, reviewer, ids[:1]) == 1
    with tx() as s:
        assert unread_count(s, reviewer) == 1
        assert [i.unread for i in inbox(s, reviewer).items] == [False, True]
        assert mark_read(s, reviewer, everything=True) == 1
        assert unread_count(s, reviewer) == 0


def test_the_header_shows_the_unread_count_and_opening_a_notification_reads_it(
    make_claim, annotator, editor, reviewer, tx, client, auth
):
    claims = _two_assignments(make_claim, annotator, editor, reviewer, tx)
    auth.login(reviewer)
    page = client.get("/claims").get_data(as_text=True)
    assert 'data-testid="unread-count">2<' in page
    inbox_page = client.get("/notifications").get_data(as_text=True)
    assert f"Edith Editor assigned claim #{claims[0].id} to you." in inbox_page
    with tx() as s:
        newest = inbox(s, reviewer).items[0]
    response = client.post(f"/notifications/{newest.id}/open")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/claims/{newest.claim_id}")
    assert 'data-testid="unread-count">1<' in client.get("/claims").get_data(as_text=True)
    client.post("/notifications/read")
    assert 'data-testid="unread-count"' not in client.get("/claims").get_data(as_text=True)


def test_someone_elses_notification_cannot_be_opened(submitted, editor, reviewer, tx, client, auth):
    with tx() as s:
        assign(s, editor, submitted.id, reviewer.id, get_claim(s, submitted.id).version)
        notification_id = inbox(s, reviewer).items[0].id
    auth.login(editor)
    assert client.post(f"/notifications/{notification_id}/open").status_code == 404
    with tx() as s:
        assert unread_count(s, reviewer) == 1


# --- API ---------------------------------------------------------------------------------


def test_api_lists_unread_notifications_and_marks_them_read(
    make_claim, annotator, editor, reviewer, tx, client, token_for
):
    _two_assignments(make_claim, annotator, editor, reviewer, tx)
    headers = token_for(reviewer)
    body = client.get("/api/v1/notifications?unread=true", headers=headers).get_json()
    assert body["unread"] == 2 and [i["kind"] for i in body["items"]] == ["assigned", "assigned"]
    first = body["items"][0]["id"]
    marked = client.post("/api/v1/notifications/read", json={"ids": [first]}, headers=headers)
    assert marked.get_json() == {"marked": 1, "unread": 1}
    body = client.get("/api/v1/notifications?unread=true", headers=headers).get_json()
    assert [i["id"] for i in body["items"]] != [first] and body["unread"] == 1
    marked = client.post("/api/v1/notifications/read", json={"all": True}, headers=headers)
    assert marked.get_json() == {"marked": 1, "unread": 0}
    everything = client.get("/api/v1/notifications", headers=headers).get_json()
    assert len(everything["items"]) == 2 and everything["unread"] == 0


@pytest.mark.parametrize(
    "body", [{}, {"ids": ["x"]}, {"ids": [0]}, {"all": "yes"}, {"ids": [1], "extra": 1}]
)
def test_api_refuses_a_bad_mark_read_body_with_a_json_error(body, reviewer, client, token_for):
    response = client.post("/api/v1/notifications/read", json=body, headers=token_for(reviewer))
    assert response.status_code == 422
    assert "error" in response.get_json()


def test_api_refuses_an_unread_flag_that_is_not_a_boolean(reviewer, client, token_for):
    response = client.get("/api/v1/notifications?unread=maybe", headers=token_for(reviewer))
    assert response.status_code == 422


def test_openapi_documents_the_notification_operations(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert "get" in paths["/notifications"]
    assert "MarkRead" in str(paths["/notifications/read"]["post"])


# --- e-mail ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def test_with_smtp_configured_the_assignee_gets_one_mail_with_the_claim_links(
    app, make_claim, annotator, editor, reviewer, tx, client, auth, smtp_server, session
):
    controller, received = smtp_server
    app.config.update(
        SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, MAIL_FROM="desk@example.org"
    )
    claims = [make_claim(text=f"Ridership rose {n} per cent.") for n in (5, 6)]
    for c in claims:
        move(tx, annotator, c.id, "submitted")
    auth.login(editor)
    with tx() as s:
        values = [f"{c.id}:{get_claim(s, c.id).version}" for c in claims]
    response = client.post("/claims/bulk-assign", data={"claim": values, "assignee": reviewer.id})
    assert response.status_code == 302
    assert len(received.messages) == 1
    envelope = received.messages[0]
    assert envelope.rcpt_tos == ["rui@example.org"] and envelope.mail_from == "desk@example.org"
    text = envelope.content.decode()
    for c in claims:
        assert f"http://localhost/claims/{c.id}" in text
    assert "Subject: factdb: 2 new notifications" in text
    assert "http://localhost/notifications" in text
    session.rollback()
    job = session.exec(select(Job).where(Job.kind == "mail")).one()
    assert job.status == "done" and job.owner_id == reviewer.id


def test_without_smtp_nothing_is_mailed_or_queued(
    submitted, editor, reviewer, client, auth, tx, session
):
    auth.login(editor)
    with tx() as s:
        version = get_claim(s, submitted.id).version
    client.post(
        f"/claims/{submitted.id}/assignment", data={"assignee": reviewer.id, "version": version}
    )
    assert kinds(session, reviewer) == ["assigned"]
    assert session.exec(select(Job).where(Job.kind == "mail")).all() == []


def test_a_refused_action_mails_nothing(
    app, submitted, editor, reviewer, client, auth, smtp_server, session
):
    controller, received = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    auth.login(editor)
    response = client.post(
        f"/claims/{submitted.id}/assignment", data={"assignee": reviewer.id, "version": 99}
    )
    assert response.status_code >= 400
    assert received.messages == [] and kinds(session, reviewer) == []


def test_a_mail_that_cannot_be_delivered_fails_its_job_and_the_assignment_stays(
    app, submitted, editor, reviewer, client, auth, tx, session
):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=_free_port())  # nothing listens there
    auth.login(editor)
    with tx() as s:
        version = get_claim(s, submitted.id).version
    response = client.post(
        f"/claims/{submitted.id}/assignment", data={"assignee": reviewer.id, "version": version}
    )
    assert response.status_code == 303
    assert kinds(session, reviewer) == ["assigned"]
    job = session.exec(select(Job).where(Job.kind == "mail")).one()
    assert job.status == "failed" and "logged" in job.message


def test_a_page_reads_the_signed_in_user_with_its_unread_count_and_still_sees_deactivation(
    make_claim, annotator, editor, reviewer, tx, client, auth, engine
):
    from sqlalchemy import event

    from factdb.services.accounts.users import set_active

    _two_assignments(make_claim, annotator, editor, reviewer, tx)
    auth.login(reviewer)
    seen = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        page = client.get("/claims").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert 'data-testid="unread-count">2<' in page
    counting = [s for s in seen if "FROM notification" in s]
    assert len(counting) == 1 and "FROM user_account" in counting[0]
    with tx() as s:
        set_active(s, editor, reviewer.id, False)
    response = client.get("/claims")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_reading_the_inbox_notes_due_rechecks_apart_even_after_another_writer_committed(
    engine, session, claim, annotator, reviewer, editor, tx
):
    """The inbox notes re-checks fallen due while it is read. Noting them in the read's own
    transaction, whose snapshot predates another writer's commit, is refused on SQLite
    ("database is locked"); they are written in a transaction of their own and then shown."""
    from factdb.models import User

    decide(tx, claim, annotator, reviewer)
    with tx() as s:
        set_recheck_date(s, reviewer, claim.id, utcnow().date() - timedelta(days=1), "Due.")
    viewer = session.get(User, reviewer.id)  # the read's snapshot
    with tx() as s:
        s.get(User, editor.id).display_name = "Edited meanwhile"  # any write, committed
    page = inbox(session, viewer)
    assert [i.kind for i in page.items] == ["recheck_due"] and page.unread == 1
