"""The claim page as one review panel: evidence above one note and the moves, the reason a
move is refused instead of a missing button, post/redirect/get, and who else is reviewing."""

import html
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from factdb.models import ClaimPresence
from factdb.services.accounts.users import set_active
from factdb.services.review import presence
from factdb.services.review.claims import edit_claim, get_claim
from factdb.services.review.evidence import add_citation, assign
from factdb.services.review.workflow import blocked_moves

NOON = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
SUPPORT = {"url": "https://stats.example.org/ridership-2023", "stance": "supports"}


def page_of(client, claim_id) -> str:
    return html.unescape(client.get(f"/claims/{claim_id}").get_data(as_text=True))


def reasons(session, user, claim_id) -> list[str]:
    session.rollback()
    return [b.reason for b in blocked_moves(user, get_claim(session, claim_id), session)]


# --- why a move is refused ------------------------------------------------------------------


def test_a_reviewer_who_created_the_claim_is_told_why_they_cannot_take_it(
    make_claim, reviewer, move, session, client, auth
):
    claim = make_claim(actor=reviewer)
    move(reviewer, claim.id, "submitted")
    expected = "You created this claim, so another reviewer must decide it (four eyes)."
    assert reasons(session, reviewer, claim.id) == [expected]
    auth.login(reviewer)
    page = page_of(client, claim.id)
    assert expected in page and "Take for review" not in page


def test_an_editor_who_changed_the_content_is_told_why_and_is_not_offered_take(
    claim, annotator, editor, reviewer, move, tx, session, client, auth
):
    with tx() as s:
        edit_claim(s, editor, claim.id, 1, {"text": "Ridership rose by 14 per cent in 2023."})
    move(annotator, claim.id, "submitted")
    expected = "You changed this claim's content, so another reviewer must decide it (four eyes)."
    assert reasons(session, editor, claim.id) == [expected]
    assert reasons(session, reviewer, claim.id) == []  # who may decide it sees no reason
    auth.login(editor)
    page = page_of(client, claim.id)
    assert expected in page
    assert 'value="in_review"' not in page and "Take for review" not in page


def test_a_claim_assigned_to_someone_else_names_who_may_take_it(
    claim, annotator, editor, reviewer, reviewer2, move, tx, session, client, auth
):
    move(annotator, claim.id, "submitted")
    with tx() as s:
        assign(s, editor, claim.id, reviewer2.id, get_claim(s, claim.id).version)
    name = reviewer2.display_name
    expected = f"Assigned to {name}: only {name} or an editor can take it."
    assert reasons(session, reviewer, claim.id) == [expected]
    assert reasons(session, editor, claim.id) == []  # an editor may take it
    auth.login(reviewer)
    page = page_of(client, claim.id)
    assert expected in page and "Take for review" not in page


def test_in_review_the_verdict_is_the_assignees_and_others_are_told_so(
    claim, annotator, reviewer, reviewer2, move, session
):
    move(annotator, claim.id, "submitted")
    move(reviewer, claim.id, "in_review")
    name = reviewer.display_name
    assert set(reasons(session, reviewer2, claim.id)) == {
        f"Assigned to {name}: only {name} can give the verdict."
    }
    assert reasons(session, reviewer, claim.id) == []


def test_an_annotator_sees_no_reviewer_reasons(claim, annotator, session):
    assert reasons(session, annotator, claim.id) == []


# --- the panel --------------------------------------------------------------------------------


def test_the_citation_form_is_open_above_one_note_and_the_verdict_buttons(
    claim, annotator, reviewer, move, client, auth
):
    move(annotator, claim.id, "submitted")
    move(reviewer, claim.id, "in_review")
    auth.login(reviewer)
    page = page_of(client, claim.id)
    panel = page.split('id="review"')[1].split("</section>")[0]
    assert "<summary>Add a citation" not in panel  # not collapsed
    assert panel.index("Add a citation") < panel.index('id="review-note"')
    assert panel.index('id="review-note"') < panel.index('name="to" value="verified"')
    assert panel.count('name="note"') == 1 and panel.count('name="rating"') == 1
    assert 'class="move-draft danger" data-confirm="Send this claim back to draft?' in panel
    assert 'class="move-verified primary"' in panel


def test_retract_is_styled_as_danger_and_asks_first(claim, annotator, client, auth):
    auth.login(annotator)
    page = page_of(client, claim.id)
    retract = 'value="retracted" class="move-retracted danger" data-confirm="Retract this claim?'
    assert retract in page
    assert 'class="move-submitted primary"' in page and "onclick" not in page


def test_no_citation_form_once_the_claim_has_a_verdict(
    claim, annotator, reviewer, move, tx, client, auth
):
    move(annotator, claim.id, "submitted")
    move(reviewer, claim.id, "in_review")
    with tx() as s:
        add_citation(s, reviewer, claim.id, **SUPPORT)
    move(reviewer, claim.id, "verified", "Matches the annual report")
    auth.login(reviewer)
    assert "Add a citation" not in page_of(client, claim.id)


# --- post/redirect/get ------------------------------------------------------------------------


def test_a_successful_move_redirects_to_the_claim_with_303(claim, annotator, client, auth):
    auth.login(annotator)
    done = client.post(f"/claims/{claim.id}/transitions", data={"to": "submitted", "version": 1})
    assert done.status_code == 303
    assert done.headers["Location"].endswith(f"/claims/{claim.id}#review")


def test_a_verdict_without_a_note_is_refused_and_comes_back_with_what_was_typed(
    claim, annotator, reviewer, move, tx, session, client, auth
):
    move(annotator, claim.id, "submitted")
    move(reviewer, claim.id, "in_review")
    with tx() as s:
        add_citation(s, reviewer, claim.id, **SUPPORT)
    auth.login(reviewer)
    refused = client.post(
        f"/claims/{claim.id}/transitions",
        data={"to": "verified", "version": 3, "note": "  ", "rating": "Mostly true"},
    )
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 422
    assert "“Verify” needs a note saying why." in page
    assert '<option value="Mostly true" selected>' in page
    session.rollback()
    assert get_claim(session, claim.id).status == "in_review"


@pytest.mark.parametrize(
    "path",
    [
        "transitions",
        "citations",
        "comments",
        "assignment",
        "publish",
        "unpublish",
        "citations/1/edit",
        "citations/1/withdraw",
        "comments/1/withdraw",
    ],
)
def test_opening_a_post_only_address_lands_on_the_claim_page(claim, client, auth, annotator, path):
    auth.login(annotator)
    response = client.get(f"/claims/{claim.id}/{path}")
    assert response.status_code == 303
    assert response.headers["Location"].split("#")[0].endswith(f"/claims/{claim.id}")


# --- presence ---------------------------------------------------------------------------------


def test_presence_shows_others_seen_within_90_seconds(tx, claim, reviewer, reviewer2, editor):
    with tx() as s:
        presence.touch(s, reviewer, claim.id, NOON)
        presence.touch(s, editor, claim.id, NOON - timedelta(seconds=100))
    with tx() as s:
        others = presence.present(s, claim.id, reviewer2, NOON + timedelta(seconds=80))
        assert [p.name for p in others] == [reviewer.display_name]
        assert presence.present(s, claim.id, reviewer, NOON) == []  # never oneself
        line = presence.presence_line(others, NOON + timedelta(minutes=2))
    assert line == f"Being reviewed by {reviewer.display_name} (opened 2 min ago)"


def test_a_heartbeat_keeps_the_opened_time_and_a_return_after_a_gap_resets_it(
    tx, claim, reviewer, reviewer2
):
    with tx() as s:
        presence.touch(s, reviewer, claim.id, NOON)
        presence.touch(s, reviewer, claim.id, NOON + timedelta(seconds=30))
        (seen,) = presence.present(s, claim.id, reviewer2, NOON + timedelta(seconds=31))
        assert seen.opened_at == NOON
        presence.touch(s, reviewer, claim.id, NOON + timedelta(minutes=10))
        (back,) = presence.present(s, claim.id, reviewer2, NOON + timedelta(minutes=10))
        assert back.opened_at == NOON + timedelta(minutes=10)


def test_presence_rows_older_than_a_day_are_deleted_on_touch(tx, session, claim, reviewer, editor):
    with tx() as s:
        presence.touch(s, reviewer, claim.id, NOON - timedelta(days=1, seconds=1))
        presence.touch(s, editor, claim.id, NOON)
    session.rollback()
    rows = session.exec(select(ClaimPresence.user_id)).all()
    assert rows == [editor.id]


def test_presence_is_shown_only_to_signed_in_active_users(tx, claim, reviewer, editor):
    with tx() as s:
        presence.touch(s, reviewer, claim.id, NOON)
        set_active(s, editor, reviewer.id, False)
    with tx() as s:
        assert presence.present(s, claim.id, None, NOON) == []
        assert presence.present(s, claim.id, editor, NOON) == []  # the deactivated are gone


def test_the_claim_page_says_who_else_is_reviewing_and_the_heartbeat_answers_json(
    claim, reviewer, editor, app, client, auth
):
    auth.login(reviewer)
    assert client.get(f"/claims/{claim.id}").status_code == 200
    auth.logout()
    auth.login(editor)
    # Viewing is a read: the visit is recorded by the page script's first heartbeat.
    assert "Being reviewed by" not in page_of(client, claim.id)
    auth.logout()
    auth.login(reviewer)
    assert client.post(f"/claims/{claim.id}/presence").status_code == 200
    auth.logout()
    auth.login(editor)
    page = page_of(client, claim.id)
    assert f"Being reviewed by {reviewer.display_name} (opened just now)" in page
    beat = client.post(f"/claims/{claim.id}/presence")
    assert beat.status_code == 200
    assert beat.json["line"].startswith(f"Being reviewed by {reviewer.display_name}")
    assert [o["name"] for o in beat.json["others"]] == [reviewer.display_name]
    auth.logout()
    assert client.post(f"/claims/{claim.id}/presence").status_code == 302  # to sign in
    auth.login(editor)
    app.config["WTF_CSRF_ENABLED"] = True
    # No CSRF token. The page's script asks for JSON: refused in JSON, and no "form expired"
    # message is left for the next page, since nobody typed anything.
    refused = client.post(f"/claims/{claim.id}/presence", headers={"Accept": "application/json"})
    assert refused.status_code == 400 and refused.json["error"] == "csrf"
    assert "This form had expired" not in client.get("/claims").get_data(as_text=True)
    assert client.post(f"/claims/{claim.id}/presence").status_code == 400


def test_alone_on_a_claim_the_presence_line_is_hidden(claim, reviewer, client, auth):
    auth.login(reviewer)
    page = page_of(client, claim.id)
    assert 'id="presence"' in page and "Being reviewed by" not in page  # alone: hidden


def test_a_post_naming_two_moves_is_refused_and_changes_nothing(claim, annotator, client, auth):
    auth.login(annotator)
    refused = client.post(
        f"/claims/{claim.id}/transitions",
        data={"to": ["submitted", "retracted"], "version": "1", "note": "n"},
    )
    assert refused.status_code == 422
    assert "Choose one move" in refused.get_data(as_text=True)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "version 1" in page


# --- the citation form ----------------------------------------------------------------------


def test_a_refused_citation_comes_back_with_what_was_typed_and_the_next_page_is_blank(
    claim, reviewer, client, auth
):
    auth.login(reviewer)
    blank = page_of(client, claim.id)
    typed = {"url": "javascript:alert(1)", "stance": "refutes", "title": "Typed title 7"}
    refused = client.post(f"/claims/{claim.id}/citations", data=typed)
    assert refused.status_code == 422
    page = html.unescape(refused.get_data(as_text=True))
    assert 'value="Typed title 7"' in page and 'value="javascript:alert(1)"' in page
    assert '<option selected value="refutes">' in page
    # The blank form is rendered once and reused: nothing typed leaks into the next page.
    again = page_of(client, claim.id)
    assert "Typed title 7" not in again and "javascript:" not in again
    assert again.count('name="title"') == blank.count('name="title"') == 1
