"""Security events: one append-only row and one log line per account action; the editor page."""

import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from factdb.models import SecurityEvent
from factdb.services.accounts import events, tokens
from factdb.services.accounts import users as user_service
from tests.conftest import PASSWORD

ELSEWHERE = {"REMOTE_ADDR": "203.0.113.7"}


def _events(session, *actions):
    session.rollback()
    query = select(SecurityEvent).order_by(SecurityEvent.id)
    if actions:
        query = query.where(SecurityEvent.action.in_(actions))
    return list(session.exec(query))


def _row(event):
    return (event.action, event.outcome, event.actor_id, event.subject_id, event.address)


def test_sign_in_success_failure_and_sign_out_are_recorded_with_the_address(
    app, annotator, session
):
    browser = app.test_client()
    for email, password in (
        (annotator.email, "wrong password"),
        ("nobody@example.org", "whatever"),
        (annotator.email, PASSWORD),
    ):
        browser.post("/login", data={"email": email, "password": password}, environ_base=ELSEWHERE)
    browser.post("/logout", environ_base=ELSEWHERE)
    events = _events(session, "sign_in", "sign_out")
    assert [_row(e) for e in events] == [
        ("sign_in", "failure", None, annotator.id, "203.0.113.7"),
        ("sign_in", "failure", None, None, "203.0.113.7"),
        ("sign_in", "success", annotator.id, annotator.id, "203.0.113.7"),
        ("sign_out", "success", annotator.id, annotator.id, "203.0.113.7"),
    ]
    assert events[1].detail == "nobody@example.org"


def test_user_role_activation_and_token_changes_are_recorded_with_the_actor(
    tx, editor, annotator, session
):
    with tx() as s:
        user_service.change_role(s, editor, annotator.id, "reviewer")
        tokens.create_token(s, annotator, "script", actor=annotator)
        user_service.set_active(s, editor, annotator.id, False)
        user_service.set_active(s, editor, annotator.id, True)
    rows = [(e.action, e.actor_id, e.subject_id, e.detail) for e in _events(session)]
    assert rows == [
        ("user_create", None, editor.id, "editor"),
        ("user_create", None, annotator.id, "annotator"),
        ("role_change", editor.id, annotator.id, "annotator -> reviewer"),
        ("token_create", annotator.id, annotator.id, "#1"),
        ("token_revoke", editor.id, annotator.id, "#1"),
        ("user_deactivate", editor.id, annotator.id, None),
        ("user_activate", editor.id, annotator.id, None),
    ]


def test_password_change_and_forced_reset_are_recorded(client, auth, annotator, editor, session):
    auth.login(annotator)
    form = {"current_password": "not it", "new_password": "a", "confirm": "a"}
    client.post("/account/password", data=form)
    new = "plum lantern quietly 42"
    form = {"current_password": PASSWORD, "new_password": new, "confirm": new}
    client.post("/account/password", data=form)
    rows = [(e.outcome, e.actor_id) for e in _events(session, "password_change")]
    assert rows == [("failure", annotator.id), ("success", annotator.id)]


def test_each_event_writes_a_log_line_with_the_actor(tx, editor, annotator, caplog):
    caplog.set_level(logging.INFO, logger="factdb.security")
    with tx() as s:
        user_service.change_role(s, editor, annotator.id, "reviewer")
    (line,) = [r.getMessage() for r in caplog.records if r.name == "factdb.security"]
    assert line.startswith('security_event action="role_change" outcome="success"')
    assert f'actor="{editor.email}"' in line and f'subject="{annotator.email}"' in line


def test_typed_text_cannot_forge_a_log_line(app, caplog):
    caplog.set_level(logging.INFO, logger="factdb.security")
    forged = 'x@example.org\nsecurity_event action="sign_in" outcome="success"'
    app.test_client().post("/login", data={"email": forged, "password": "p"})
    lines = [r.getMessage() for r in caplog.records if r.name == "factdb.security"]
    assert lines and all("\n" not in line for line in lines)


def test_security_events_cannot_be_changed_or_deleted(tx, annotator, engine):
    for statement in (
        "UPDATE security_event SET outcome = 'failure'",
        "DELETE FROM security_event",
    ):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM security_event")).scalar() == 1


def test_editor_reads_events_newest_first_filtered_and_in_pages(
    client, auth, editor, annotator, tx, session
):
    with tx() as s:
        for n in range(7):
            tokens.create_token(s, annotator, f"t{n}", actor=annotator)
    auth.login(editor)
    page = client.get("/users/events?action=token_create").get_data(as_text=True)
    assert page.count("token create") == 7 + 1  # seven rows and the filter's option
    everything = client.get(f"/users/events?user={annotator.email}").get_data(as_text=True)
    assert "user create" in everything and "sign in" not in everything.split("<tbody>")[1]
    first = events.list_events(session, editor, action="token_create", limit=3)
    assert [row.detail for row in first.rows] == ["#7", "#6", "#5"]
    second = client.get(f"/users/events?action=token_create&before={first.next_before}")
    assert second.status_code == 200
    body = second.get_data(as_text=True)
    assert "#4" in body and "#5" not in body and "#7" not in body


def test_events_page_refuses_unknown_filters_and_other_roles(client, auth, editor, reviewer):
    auth.login(reviewer)
    assert client.get("/users/events").status_code == 403
    auth.logout()
    auth.login(editor)
    assert client.get("/users/events?action=drop_table").status_code == 422
    assert client.get("/users/events?before=99999999999999999999999").status_code == 422
    assert client.get("/users/events?user=nobody@example.org").status_code == 404
