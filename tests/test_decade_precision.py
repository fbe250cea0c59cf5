"""Decade precision: the migration lets both databases store it, and its downgrade keeps data."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from factdb.db import make_engine, session_scope
from factdb.migrate import alembic_config, upgrade
from factdb.services.accounts.users import create_user
from factdb.services.review.claims import create_claim
from factdb.services.sources.documents import create_source


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'decade.sqlite3'}"
    else:
        url = request.getfixturevalue("scratch_postgres")
    engine = make_engine(url)
    upgrade(engine)
    yield engine
    engine.dispose()


def _decade_claim(engine) -> int:
    with session_scope(engine) as s:
        user = create_user(s, "d@example.org", "a long enough passphrase", "annotator", "D")
        source = create_source(s, user, text="Prices soared in the early 2020s.", title="T")
        claim = create_claim(
            s,
            user,
            source_id=source.id,
            kind="date",
            text="Prices soared in the 2020s.",
            excerpt={"exact": "the early 2020s"},
            value={"date": "2023", "precision": "decade"},
        )
        return claim.id


def test_a_decade_claim_is_stored_and_the_downgrade_makes_it_a_year(migrated):
    claim_id = _decade_claim(migrated)
    with migrated.connect() as c:
        row = c.execute(
            text("SELECT date_value, date_precision FROM claim WHERE id = :id"), {"id": claim_id}
        ).one()
    assert (str(row[0]), row[1]) == ("2020-01-01", "decade")
    cfg = alembic_config(migrated)
    with migrated.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0005")
    with migrated.connect() as c:
        precision = c.execute(
            text("SELECT date_precision FROM claim WHERE id = :id"), {"id": claim_id}
        ).scalar()
        assert precision == "year"
        with pytest.raises(Exception, match=r"(?i)check"):
            c.execute(
                text("UPDATE claim SET date_precision = 'decade' WHERE id = :id"), {"id": claim_id}
            )
