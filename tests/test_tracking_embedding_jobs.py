"""Sentence embeddings computed by the task queue after a claim is saved (semantic matching),
never in the request, and not queued at all without the extra."""

import pytest
from sqlmodel import select

from factdb.models import ClaimEmbedding, Job
from factdb.services import tracking  # noqa: F401  (connects tracking to the workflow)
from factdb.services.tracking import embeddings

TEXT = "The river agency said the dikes held during the spring floods."


def _fake_embed(texts):
    return [[1.0, 0.0, 0.0] for _ in texts]


@pytest.fixture
def semantic(app, monkeypatch):
    app.config["MATCHING_ENGINE"] = "semantic"
    monkeypatch.setattr(embeddings, "unavailable_reason", lambda: None)
    monkeypatch.setattr(embeddings, "embed_texts", _fake_embed)


def _new_claim(client, headers, source_id):
    return client.post(
        "/api/v1/claims",
        headers=headers,
        json={
            "source_id": source_id,
            "kind": "statement",
            "text": TEXT,
            "organization": "River Agency",
            "excerpt": {"exact": TEXT},
        },
    )


def test_saved_claim_is_embedded_by_a_queued_job(
    semantic, client, token_for, annotator, make_source, tx
):
    source = make_source(f"Reported today: {TEXT}")
    created = _new_claim(client, token_for(annotator), source.id)
    assert created.status_code == 201
    claim_id = created.get_json()["id"]
    with tx() as s:
        jobs = s.exec(select(Job).where(Job.kind == "embeddings")).all()
        assert [(j.status, j.owner_id) for j in jobs] == [("done", annotator.id)]
        stored = s.get(ClaimEmbedding, claim_id)
        assert stored is not None and embeddings.unpack(stored.vector) == [1.0, 0.0, 0.0]


def test_without_the_extra_a_saved_claim_queues_nothing(
    app, monkeypatch, client, token_for, annotator, make_source, tx
):
    app.config["MATCHING_ENGINE"] = "semantic"
    monkeypatch.setattr(embeddings, "unavailable_reason", lambda: "sentence-transformers absent")
    source = make_source(f"Reported today: {TEXT}")
    assert _new_claim(client, token_for(annotator), source.id).status_code == 201
    with tx() as s:
        assert s.exec(select(Job)).all() == []
        assert s.exec(select(ClaimEmbedding)).all() == []


def test_lexical_matching_queues_nothing(client, token_for, annotator, make_source, tx):
    source = make_source(f"Reported today: {TEXT}")
    assert _new_claim(client, token_for(annotator), source.id).status_code == 201
    with tx() as s:
        assert s.exec(select(Job)).all() == []
