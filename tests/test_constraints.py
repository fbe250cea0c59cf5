"""The database and the services refuse bad rows with clear errors and no partial writes."""

import pytest
from sqlalchemy import func, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from factdb.models import Citation, Claim, ClaimEvent
from factdb.services.errors import ExcerptError, ValidationError
from factdb.services.review.claims import create_claim
from factdb.services.review.evidence import add_citation


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def insert_claim_sql(session, source, user, **overrides):
    row = {
        "source_id": source.id,
        "kind": "figure",
        "text": "t",
        "status": "draft",
        "created_by_id": user.id,
        "created_at": "2024-01-01 00:00:00",
        "updated_at": "2024-01-01 00:00:00",
        "version": 1,
        "excerpt_start": 4,
        "excerpt_end": 8,
        "excerpt_exact": "Lake",
        "excerpt_prefix": "",
        "excerpt_suffix": "",
        "amount": 1,
        "approximate": False,
    }
    row.update(overrides)
    columns = ", ".join(row)
    values = ", ".join(f":{key}" for key in row)
    session.execute(text(f"INSERT INTO claim ({columns}) VALUES ({values})"), row)
    session.flush()


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"kind": "rumour"}, "kind_valid"),
        ({"status": "approved"}, "status_valid"),
        ({"excerpt_start": 8, "excerpt_end": 8, "excerpt_exact": ""}, "excerpt_positive_width"),
        ({"excerpt_exact": "Lakeside"}, "excerpt_exact_length"),
        (
            {"kind": "date", "amount": None, "date_value": "2020-01-01", "date_precision": "week"},
            "date_precision_valid",
        ),
        ({"kind": "date", "amount": None}, "date_value_present"),
        ({"kind": "statement"}, "statement_organization"),
        ({"source_id": 999_999}, "foreign key"),
    ],
)
def test_database_rejects_bad_claim_rows(session, source, annotator, overrides, constraint):
    with pytest.raises(IntegrityError) as error:
        insert_claim_sql(session, source, annotator, **overrides)
    message = str(error.value.orig).lower()
    assert constraint in message or (constraint == "foreign key" and "foreign" in message)


def test_database_rejects_unknown_citation_stance(session, claim, reviewer):
    with pytest.raises(IntegrityError, match="stance_valid"):
        session.execute(
            text(
                "INSERT INTO citation (claim_id, url, stance, added_by_id, created_at) "
                "VALUES (:c, 'https://x.example.org', 'agrees', :u, '2024-01-01 00:00:00')"
            ),
            {"c": claim.id, "u": reviewer.id},
        )


def test_excerpt_that_does_not_match_its_source_is_refused(tx, session, source, annotator):
    with pytest.raises(ExcerptError, match="does not occur"), tx() as s:
        create_claim(
            s,
            annotator,
            source_id=source.id,
            kind="figure",
            text="x",
            excerpt={"exact": "ridership fell"},
            value={"amount": "1"},
        )
    assert count(session, Claim) == 0
    assert count(session, ClaimEvent) == 0


def test_offsets_and_quote_must_agree(tx, source, annotator):
    with pytest.raises(ExcerptError, match="not the quoted"), tx() as s:
        create_claim(
            s,
            annotator,
            source_id=source.id,
            kind="figure",
            text="x",
            excerpt={"start": 0, "end": 3, "exact": "Lak"},
            value={"amount": "1"},
        )


def test_negative_width_excerpt_is_refused(tx, session, source, annotator):
    with pytest.raises(ExcerptError, match="end after it starts"), tx() as s:
        create_claim(
            s,
            annotator,
            source_id=source.id,
            kind="figure",
            text="x",
            excerpt={"start": 10, "end": 5},
            value={"amount": "1"},
        )
    assert count(session, Claim) == 0


def test_date_with_impossible_precision_is_refused_without_partial_write(
    tx, session, source, annotator
):
    with pytest.raises(ValidationError, match="Impossible date precision"), tx() as s:
        create_claim(
            s,
            annotator,
            source_id=source.id,
            kind="date",
            text="x",
            organization="A brand new organization",
            excerpt={"exact": "June 2026"},
            value={"date": "2026-06-01", "precision": "week"},
        )
    # The organization created before the refusal was rolled back with it.
    assert session.execute(text("SELECT count(*) FROM organization")).scalar() == 0
    assert count(session, Claim) == 0


def test_citation_with_unknown_stance_is_refused(tx, session, claim, reviewer):
    with pytest.raises(ValidationError, match="Unknown stance"), tx() as s:
        add_citation(s, reviewer, claim.id, url="https://stats.example.org", stance="agrees")
    assert count(session, Citation) == 0


def test_unknown_claim_kind_is_refused(tx, source, annotator):
    with pytest.raises(ValidationError, match="Unknown claim kind"), tx() as s:
        create_claim(
            s,
            annotator,
            source_id=source.id,
            kind="rumour",
            text="x",
            excerpt={"exact": "Lakeside"},
        )


def test_audit_rows_cannot_be_updated_or_deleted(tx, session, claim):
    for statement in ("UPDATE claim_event SET note = 'x'", "DELETE FROM claim_event"):
        with pytest.raises(Exception, match="append-only"):
            session.execute(text(statement))
        session.rollback()
    assert count(session, ClaimEvent) == 1
