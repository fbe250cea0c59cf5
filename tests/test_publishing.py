"""The publication step and ratings: editors publish verdicts, reopening takes them off, a
verdict keeps the rating it was given."""

import json

import pytest
from sqlmodel import select

from factdb.models import Publication, Transition
from factdb.services import errors
from factdb.services.publishing.publication import publish, unpublish
from factdb.services.publishing.ratings import parse_scale
from factdb.services.review.claims import get_claim
from factdb.services.review.history import claim_history
from factdb.services.review.workflow import transition


def test_editor_publishes_a_verdict_and_it_is_in_the_history(published, session):
    assert published.published_at is not None
    history = claim_history(session, published.id)
    assert history[-1].action == "published"
    assert history[-1].actor == "Edith Editor"


def test_reviewer_cannot_publish(claim, decide, reviewer, tx):
    decide(claim.id)
    with pytest.raises(errors.PermissionDeniedError), tx() as s:
        publish(s, reviewer, claim.id, get_claim(s, claim.id).version)


def test_only_a_verdict_can_be_published(claim, editor, tx):
    with pytest.raises(errors.InvalidTransitionError), tx() as s:
        publish(s, editor, claim.id, claim.version)


def test_publishing_needs_the_current_version(claim, decide, editor, tx):
    decide(claim.id)
    with pytest.raises(errors.StaleVersionError), tx() as s:
        publish(s, editor, claim.id, 1)


def test_unpublish_needs_a_note_and_is_audited(published, editor, tx, session):
    with pytest.raises(errors.ValidationError), tx() as s:
        unpublish(s, editor, published.id, published.version, "  ")
    with tx() as s:
        claim = unpublish(s, editor, published.id, published.version, "Wrong figure cited")
    assert claim.published_at is None
    actions = session.exec(
        select(Publication.action, Publication.note).where(Publication.claim_id == claim.id)
    ).all()
    assert actions == [("published", None), ("unpublished", "Wrong figure cited")]


def test_publication_records_are_append_only(published, session):
    row = session.exec(select(Publication)).first()
    row.note = "rewritten"
    session.add(row)
    with pytest.raises(Exception, match="append-only"):
        session.commit()


def test_reopening_a_published_verdict_withdraws_it(published, editor, tx):
    with tx() as s:
        claim = transition(s, editor, published.id, "in_review", published.version, "New data")
    assert claim.published_at is None
    assert claim.rating_label is None
    with tx() as s:
        rows = s.exec(select(Publication.action).where(Publication.claim_id == claim.id)).all()
    assert rows == ["published", "withdrawn"]


def test_verdict_keeps_the_rating_label_and_numbers_given(claim, decide, session):
    decided = decide(claim.id, "verified", "mostly TRUE")
    assert (decided.rating_label, decided.rating_value) == ("Mostly true", 4)
    assert (decided.rating_best, decided.rating_worst) == (5, 1)
    stored = session.exec(select(Transition).where(Transition.to_status == "verified")).one()
    assert stored.rating_label == "Mostly true"


def test_rating_must_belong_to_the_verdict(claim, decide):
    with pytest.raises(errors.ValidationError, match="not a rating for verified"):
        decide(claim.id, "verified", "False")


def test_rating_goes_only_with_a_verdict(claim, annotator, tx):
    with pytest.raises(errors.ValidationError, match="verdict only"), tx() as s:
        transition(s, annotator, claim.id, "submitted", claim.version, rating="True")


def test_changing_the_scale_never_rewrites_past_verdicts(app, claim, decide, session):
    decide(claim.id, "refuted", "Mostly false")
    app.config["RATING_SCALE"] = [
        {"label": "Wrong", "verdict": "refuted", "value": 0, "best": 2, "worst": 0}
    ]
    stored = session.get(type(claim), claim.id)
    session.refresh(stored)
    assert (stored.rating_label, stored.rating_value, stored.rating_best) == ("Mostly false", 2, 5)


def test_a_configured_scale_is_checked():
    with pytest.raises(ValueError, match="not a verdict"):
        parse_scale([{"label": "Meh", "verdict": "draft", "value": 1, "best": 1, "worst": 0}])
    with pytest.raises(ValueError, match="worst"):
        parse_scale([{"label": "X", "verdict": "verified", "value": 9, "best": 5, "worst": 1}])
    with pytest.raises(ValueError, match="repeats"):
        parse_scale([{"label": "X", "verdict": "verified", "value": 1, "best": 1, "worst": 0}] * 2)


def test_reports_filter_by_rating_label(runner, claim, make_claim, decide):
    decide(claim.id, "verified", "Mostly true")
    other = make_claim(text="Fares fell.", excerpt={"exact": "the count was audited"})
    decide(other.id, "verified", "True")
    result = runner.invoke(
        args=["export", "--status", "verified", "--rating", "MOSTLY TRUE", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [c["id"] for c in report["claims"]] == [claim.id]
    assert report["claims"][0]["verdict"]["rating"] == {
        "label": "Mostly true",
        "value": 4,
        "best": 5,
        "worst": 1,
    }
    assert report["filter"]["rating"] == "MOSTLY TRUE"
