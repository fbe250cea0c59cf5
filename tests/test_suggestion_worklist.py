"""Working through suggestions in the reader: resolved values and context, groups in text
order, dismissing a whole kind, undoing a dismissal, and accepting without a stray draft."""

from datetime import date

import pytest
from sqlmodel import select

from factdb.models import Claim, SuggestionDismissal
from factdb.services.errors import NotFoundError, PermissionDeniedError, ValidationError
from factdb.services.suggest.store import (
    dismiss_all,
    dismiss_suggestion,
    restore_dismissal,
    source_suggestions,
)
from factdb.services.suggest.worklist import context_around, source_worklist

TWICE = (
    "Harbour fares rose 5 per cent in 2023, the port said.\n\n"
    "Bus fares also rose 5 per cent in 2023, the council said."
)


def keys_of(session, source_id, kind=None):
    return [
        item.suggestion.key
        for item in source_suggestions(session, source_id, include_covered=False)
        if kind is None or item.suggestion.kind == kind
    ]


def group(groups, kind):
    return next(g for g in groups if g.kind == kind)


def dismissal_count(session) -> int:
    session.rollback()
    return len(session.exec(select(SuggestionDismissal)).all())


@pytest.fixture
def dismissed(tx, session, source, annotator):
    """``dismissed(kind)``: the source's first suggestion of ``kind``, dismissed; its key."""

    def dismiss(kind: str) -> str:
        key = keys_of(session, source.id, kind)[0]
        with tx() as s:
            dismiss_suggestion(s, annotator, source.id, key)
        session.rollback()
        return key

    return dismiss


def test_context_is_a_few_words_either_side_with_ellipses_where_text_goes_on():
    text = "The board met on Tuesday to decide. " + "More words follow here. " * 5
    start = text.index("on Tuesday")
    before, after = context_around(text, start, start + len("on Tuesday"))
    assert before == "The board met "
    assert after == " to decide. More words follow here.…"
    paren = "Ridership rose (14 per cent) last year."
    start = paren.index("14")
    assert context_around(paren, start, start + len("14 per cent")) == (
        "Ridership rose (",
        ") last year.",
    )


def test_each_suggestion_shows_its_resolved_value(session, make_source):
    source = make_source(
        "The fund, worth $4.2 billion, was approved on Tuesday.",
        published=date(2025, 11, 20),
    )
    worklist = source_worklist(session, source.id)
    figure = group(worklist.proposed, "figure").items[0]
    day = group(worklist.proposed, "date").items[0]
    assert (figure.exact, figure.resolved) == ("$4.2 billion", "4,200,000,000 USD")
    assert (day.exact, day.resolved) == ("on Tuesday", "Tue 18 November 2025")


def test_identical_fragments_are_told_apart_by_context_and_number(session, make_source):
    source = make_source(TWICE)
    figures = group(source_worklist(session, source.id).proposed, "figure").items
    assert [f.exact for f in figures] == ["5 per cent", "5 per cent"]
    assert figures[0].before != figures[1].before
    assert "Harbour" in figures[0].before and "Bus" in figures[1].before
    assert [(f.occurrence, f.occurrences) for f in figures] == [(1, 2), (2, 2)]
    assert figures[0].start < figures[1].start


def test_groups_are_by_kind_and_in_text_order(session, source):
    worklist = source_worklist(session, source.id)
    assert [g.kind for g in worklist.proposed] == ["statement", "date", "figure"]
    for g in worklist.proposed:
        starts = [item.start for item in g.items]
        assert starts == sorted(starts) and g.total == len(g.items)
        for item in g.items:
            assert source.text[item.start : item.end] == item.exact


def test_dismissing_a_kind_dismisses_all_of_it_and_nothing_else(tx, session, source, annotator):
    dates, figures = keys_of(session, source.id, "date"), keys_of(session, source.id, "figure")
    with tx() as s:
        assert dismiss_all(s, annotator, source.id, "date") == len(dates) > 1
    session.rollback()
    assert keys_of(session, source.id, "date") == []
    assert keys_of(session, source.id, "figure") == figures
    dismissed = group(source_worklist(session, source.id).dismissed, "date").items
    assert [d.key for d in dismissed] == dates
    assert {d.dismissed_by for d in dismissed} == {"Ana Annotator"}


def test_dismissing_a_kind_leaves_what_a_claim_covers(tx, session, source, claim, annotator):
    with tx() as s:
        dismiss_all(s, annotator, source.id, "figure")
    session.rollback()
    covered = [
        i for i in source_suggestions(session, source.id) if i.suggestion.exact == "14 per cent"
    ]
    assert covered and covered[0].covered_by == claim.id


def test_dismissing_an_unknown_kind_is_refused_and_stores_nothing(tx, session, source, annotator):
    with pytest.raises(ValidationError, match="Unknown kind"), tx() as s:
        dismiss_all(s, annotator, source.id, "opinion")
    assert dismissal_count(session) == 0


def test_a_restored_suggestion_is_proposed_again(tx, session, source, dismissed, reviewer):
    key = dismissed("date")
    session.rollback()
    assert key not in keys_of(session, source.id)
    with tx() as s:
        restore_dismissal(s, reviewer, source.id, key)
    session.rollback()
    assert key in keys_of(session, source.id)
    assert source_worklist(session, source.id).dismissed == []


def test_restoring_what_was_not_dismissed_is_not_found(tx, session, source, make_source, annotator):
    key = keys_of(session, source.id, "date")[0]
    other = make_source("Nothing was dismissed here in June 2026.")
    with tx() as s:
        dismiss_suggestion(s, annotator, source.id, key)
    with pytest.raises(NotFoundError), tx() as s:
        restore_dismissal(s, annotator, other.id, key)  # another source's dismissal
    with pytest.raises(NotFoundError), tx() as s:
        restore_dismissal(s, annotator, source.id, "date:0:1")
    assert dismissal_count(session) == 1


def test_a_deactivated_user_cannot_dismiss_or_restore(tx, session, source, annotator, editor):
    from factdb.services.accounts.users import set_active

    with tx() as s:
        set_active(s, editor, annotator.id, False)
    session.rollback()
    gone = session.get(type(annotator), annotator.id)
    with pytest.raises(PermissionDeniedError), tx() as s:
        dismiss_all(s, gone, source.id, "date")
    with pytest.raises(PermissionDeniedError), tx() as s:
        restore_dismissal(s, gone, source.id, "date:0:1")


def test_a_long_source_still_computing_lists_its_dismissals(app, session, make_source, annotator):
    source = make_source("Ridership rose 14 per cent in June 2026. " * 300)
    session.add(
        SuggestionDismissal(source_id=source.id, key="date:30:39", dismissed_by_id=annotator.id)
    )
    session.commit()
    app.config["SUGGEST_INLINE_MAX_CHARS"] = 1_000
    with app.app_context():
        worklist = source_worklist(session, source.id)
    assert worklist.pending is not None and worklist.proposed == []
    dismissed = [d for g in worklist.dismissed for d in g.items]
    assert [(d.key, d.exact, d.resolved) for d in dismissed] == [("date:30:39", "June 2026", None)]


# The reader page


def test_reader_shows_resolved_values_and_context(client, auth, annotator, make_source):
    source = make_source(TWICE)
    auth.login(annotator)
    page = client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert "<q>5 per cent</q> → <strong>5 %</strong>" in page
    assert "Harbour fares rose <mark>5 per cent</mark> in 2023" in page
    assert "Bus fares also rose <mark>5 per cent</mark> in 2023" in page
    assert "(2 of 2 alike)" in page
    assert f'data-start="{TWICE.rindex("5 per cent")}"' in page


def test_accept_then_cancel_leaves_no_draft_and_saving_creates_it(
    client, auth, annotator, source, session
):
    auth.login(annotator)
    key = keys_of(session, source.id, "date")[-1]
    form = client.get(f"/sources/{source.id}/claims/new?suggestion={key}")
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and "Nothing is stored until you save" in html
    assert f'href="/sources/{source.id}"' in html  # cancel goes back to the reader
    session.rollback()
    assert session.exec(select(Claim)).all() == []
    saved = client.post(
        f"/sources/{source.id}/claims/new?suggestion={key}",
        data={
            "kind": "date",
            "text": "Three stations open by June 2026.",
            "start": "133",
            "end": "142",
            "organization": "Lakeside Transit Agency",
            "date": "2026-06-01",
            "precision": "month",
        },
    )
    assert saved.status_code == 302
    session.rollback()
    assert session.exec(select(Claim)).one().excerpt_exact == "June 2026"


def test_accepting_a_dismissed_suggestion_goes_back_to_the_reader(
    client, auth, annotator, source, dismissed
):
    key = dismissed("date")
    auth.login(annotator)
    response = client.get(f"/sources/{source.id}/claims/new?suggestion={key}")
    assert response.status_code == 302 and response.headers["Location"].endswith("#suggestions")
    page = client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert f"No suggestion {key!r}".replace("'", "&#39;") in page


def test_one_post_dismisses_a_kind_and_the_reader_lists_it_as_dismissed(
    client, auth, annotator, source, session
):
    auth.login(annotator)
    dates = keys_of(session, source.id, "date")
    response = client.post(f"/sources/{source.id}/suggestions/dismiss-all", data={"kind": "date"})
    assert response.status_code == 302
    page = client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert f"Dismissed {len(dates)} date suggestions" in page
    assert f"Dismissed suggestions ({len(dates)})" in page
    assert dismissal_count(session) == len(dates)


def test_dismissing_a_kind_without_the_form_token_changes_nothing(
    app, client, auth, annotator, source, session
):
    auth.login(annotator)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/sources/{source.id}/suggestions/dismiss-all", data={"kind": "date"})
    assert response.status_code == 302
    assert "The form expired" in client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert dismissal_count(session) == 0


def test_dismissing_an_unknown_kind_shows_why(client, auth, annotator, source, session):
    auth.login(annotator)
    client.post(f"/sources/{source.id}/suggestions/dismiss-all", data={"kind": "<b>x</b>"})
    page = client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert "Unknown kind of suggestion &#39;&lt;b&gt;x&lt;/b&gt;&#39;" in page
    assert dismissal_count(session) == 0


def test_restore_from_the_reader_proposes_the_suggestion_again(
    client, auth, annotator, source, session, dismissed
):
    key = dismissed("figure")
    auth.login(annotator)
    page = client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert f"/sources/{source.id}/suggestions/{key}/restore" in page
    response = client.post(f"/sources/{source.id}/suggestions/{key}/restore")
    assert response.status_code == 302
    assert dismissal_count(session) == 0
    again = client.post(f"/sources/{source.id}/suggestions/{key}/restore")
    assert again.status_code == 302
    page = client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert "No dismissed suggestion" in page


def test_two_dismissals_of_a_kind_at_once_both_succeed(engine, session, source, annotator):
    from tests.test_concurrency import race

    dates = keys_of(session, source.id, "date")  # found once, as both readers of the page did
    outcomes = race(engine, [lambda s: dismiss_all(s, annotator, source.id, "date")] * 2)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert dismissal_count(session) == len(dates)
