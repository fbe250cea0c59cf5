"""The dashboard at a glance, the claims list's result count, history wording and the frozen
claim's error."""

from datetime import date

from factdb.services.errors import FROZEN_MESSAGE
from factdb.services.review.evidence import assign
from factdb.services.review.workflow import transition
from factdb.services.search.counting import count_claims
from factdb.services.search.listing import ClaimFilters
from factdb.services.tracking.recheck import set_recheck_date
from tests.tracking_support import decide


def panel(page: str, heading: str) -> str:
    """The HTML of the dashboard panel headed ``heading``."""
    return page.split(f'id="{heading}-h"')[1].split("</section>")[0]


def test_a_verified_figure_past_its_recheck_date_is_in_the_due_queue(
    client, auth, claim, annotator, reviewer, tx
):
    decide(tx, claim, annotator, reviewer)
    auth.login(reviewer)
    assert claim.text not in panel(client.get("/").get_data(as_text=True), "due")
    with tx() as s:
        set_recheck_date(s, reviewer, claim.id, date(2020, 1, 1), "Revised series.")
    due = panel(client.get("/").get_data(as_text=True), "due")
    assert claim.text in due and '<span class="panel-size">1</span>' in due
    assert 'href="/recheck"' in due


def test_with_no_recheck_date_passed_the_due_queue_is_one_probe_and_empty(
    engine, session, client, auth, claim, annotator, reviewer, tx
):
    from sqlalchemy import event

    from factdb.services.search.listing import none_due

    decide(tx, claim, annotator, reviewer)
    assert none_due(session)
    with tx() as s:
        set_recheck_date(s, reviewer, claim.id, date(2999, 1, 1), "Not yet.")
    assert none_due(session) and not none_due(session, date(2999, 1, 1))
    statements: list[str] = []
    record = lambda *args: statements.append(args[2])  # noqa: E731
    auth.login(reviewer)
    event.listen(engine, "before_cursor_execute", record)
    try:
        page = client.get("/").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert '<span class="panel-size">0</span>' in panel(page, "due")
    # Only the probe reads re-check dates: neither the queue nor its count was read.
    assert sum("recheck_on <=" in s for s in statements) == 1


def test_waiting_for_review_lists_the_oldest_first_with_counts(
    client, auth, make_claim, annotator, reviewer, tx
):
    first = make_claim(text="Submitted first.")
    second = make_claim(text="Submitted second.")
    with tx() as s:
        transition(s, annotator, first.id, "submitted", 1)
    with tx() as s:
        transition(s, annotator, second.id, "submitted", 1)
    auth.login(reviewer)
    waiting = panel(client.get("/").get_data(as_text=True), "waiting")
    assert waiting.index("Submitted first.") < waiting.index("Submitted second.")
    assert '<span class="panel-size">2</span>' in waiting


def test_rows_keep_the_whole_claim_text_for_hover_and_show_source_and_age(
    client, auth, make_claim, annotator, tx
):
    long_text = "Ridership rose 14 per cent in 2023 " + "according to the audited count " * 8
    made = make_claim(text=long_text.strip())
    with tx() as s:
        transition(s, annotator, made.id, "submitted", 1)
    auth.login(annotator)
    waiting = panel(client.get("/").get_data(as_text=True), "waiting")
    assert f'title="{made.text}"' in waiting
    assert "Transit ridership report 1" in waiting and "min</time>" in waiting


def test_the_annotator_sees_the_reviewers_note_on_a_claim_sent_back(
    client, auth, claim, annotator, reviewer, tx
):
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
        transition(s, reviewer, claim.id, "in_review", 2)
        transition(s, reviewer, claim.id, "draft", 3, "Quote the whole sentence.")
    auth.login(annotator)
    sent_back = panel(client.get("/").get_data(as_text=True), "sent-back")
    assert claim.text in sent_back and "Quote the whole sentence." in sent_back


def test_progress_per_source_counts_claims_by_status(
    client, auth, make_claim, annotator, reviewer, tx
):
    decided = make_claim(text="A decided claim.")
    make_claim(text="A draft claim.")
    decide(tx, decided, annotator, reviewer)
    auth.login(reviewer)
    progress = panel(client.get("/").get_data(as_text=True), "progress")
    assert "Transit ridership report 1" in progress and "1 of 2 decided" in progress
    assert "verified 1" in progress and "draft 1" in progress


def test_counting_claims_stops_at_the_cap_and_says_more(make_claim, session):
    for n in range(3):
        make_claim(text=f"Claim number {n}.")
    filters = ClaimFilters(kinds=["figure"])
    assert count_claims(session, filters).words() == "3 claims"
    capped = count_claims(session, filters, cap=2)
    assert capped.more and capped.words() == "more than 2 claims"
    # Status-only filters are read from the kept counts, exact.
    assert count_claims(session, ClaimFilters(statuses=["draft"]), cap=2).words() == "3 claims"


def test_the_claims_list_shows_its_count_and_an_empty_list_offers_to_clear_filters(
    client, auth, make_claim, annotator
):
    make_claim(text="One claim.")
    make_claim(text="Another claim.")
    auth.login(annotator)
    page = client.get("/claims").get_data(as_text=True)
    assert '<p class="result-count" role="status">2 claims</p>' in page
    empty = client.get("/claims?status=verified&kind=date").get_data(as_text=True)
    assert "0 claims" in empty and "No claims match these filters." in empty
    assert 'href="/claims">Clear the filters</a>' in empty


def test_history_names_the_assignee(client, auth, claim, annotator, reviewer, editor, tx):
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
        assign(s, editor, claim.id, reviewer.id, 2)
    auth.login(editor)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "assigned the claim to Rui Reviewer" in page


def test_a_decided_claim_explains_that_it_is_frozen(
    client, auth, claim, annotator, reviewer, editor, tx
):
    decide(tx, claim, annotator, reviewer)
    auth.login(editor)
    response = client.get(f"/claims/{claim.id}/edit")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert FROZEN_MESSAGE in page and "Someone else changed this first" not in page


def test_the_dashboard_reads_claims_through_indexes_only(engine, session, claim, annotator):
    from factdb.services.review.dashboard import dashboard
    from tests.test_query_plans import Captured, assert_indexed

    with Captured(engine) as captured:
        dashboard(session, annotator)
    assert captured.statements
    for statement, parameters in captured.statements:
        # Panels come in index order; the per-source progress groups a few sources' claims.
        assert_indexed(engine, statement, parameters, sorts=True)
