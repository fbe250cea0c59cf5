"""The two claim-matching engines behind ``similar_claims``: the lexical default, the semantic
extra (stored sentence embeddings), the fallback between them, and the evaluation set."""

import json
import logging
from pathlib import Path

import pytest
from sqlmodel import select

from factdb.devtools import evaluate_matching
from factdb.models import ClaimEmbedding
from factdb.services import tracking  # noqa: F401  (connects tracking to the workflow)
from factdb.services.review.claims import edit_claim, get_claim
from factdb.services.tracking import embeddings, matching
from factdb.services.tracking.matching import DraftClaim, similar_claims

FLOODS = "The river agency said the dikes held during the spring floods."
BUDGET = "The city council approved a larger school budget for next year."
QUERY = "Levees survived the high water this April, according to the waterways authority."

# A stand-in embedder for the tests that run without the extra: it knows which texts mean the
# same thing, so what is checked is the storing, the scan and the ranking, not a model.
MEANINGS = {FLOODS: (1.0, 0.0, 0.0), QUERY: (0.96, 0.28, 0.0), BUDGET: (0.0, 0.0, 1.0)}


def _fake_embed(texts):
    return [list(MEANINGS.get(t, (0.0, 1.0, 0.0))) for t in texts]


@pytest.fixture
def fake_model(monkeypatch):
    monkeypatch.setattr(embeddings, "unavailable_reason", lambda: None)
    monkeypatch.setattr(embeddings, "embed_texts", _fake_embed)


@pytest.fixture
def statements(make_claim, make_source):
    made = []
    for text in (FLOODS, BUDGET):
        source = make_source(f"Reported today: {text}")
        made.append(
            make_claim(
                source_id=source.id,
                kind="statement",
                text=text,
                excerpt={"exact": text},
                organization="Example Desk",
                value={},
            )
        )
    return made


def test_lexical_is_the_default_engine(app):
    with app.app_context():
        assert matching.matching_engine() == "lexical"


def test_semantic_setting_without_its_extra_falls_back_to_lexical_and_logs_it(
    app, session, statements, monkeypatch, caplog
):
    monkeypatch.setattr(embeddings, "unavailable_reason", lambda: "sentence-transformers absent")
    matching._warn_once.cache_clear()
    app.config["MATCHING_ENGINE"] = "semantic"
    draft = DraftClaim("the dikes held during the spring floods")
    with app.app_context(), caplog.at_level(logging.WARNING):
        found = similar_claims(session, draft)
    assert matching.matching_engine("semantic") == "lexical"
    assert "semantic matching unavailable (sentence-transformers absent)" in caplog.text
    assert [s.claim.id for s in found] == [statements[0].id]
    assert found[0].meaning is None


def test_unknown_engine_name_falls_back_to_lexical(caplog):
    matching._warn_once.cache_clear()
    with caplog.at_level(logging.WARNING):
        assert matching.matching_engine("telepathy") == "lexical"
    assert "unknown MATCHING_ENGINE 'telepathy'" in caplog.text


def test_embed_pending_stores_one_vector_per_claim_until_none_is_left(
    fake_model, tx, session, statements
):
    with tx() as s:
        assert embeddings.embed_pending(s, limit=1) == 1
    with tx() as s:
        assert embeddings.embed_pending(s, limit=10) == 1
    with tx() as s:
        assert embeddings.embed_pending(s, limit=10) == 0
    stored = session.exec(select(ClaimEmbedding).order_by(ClaimEmbedding.claim_id)).all()
    assert [e.claim_id for e in stored] == [c.id for c in statements]
    assert stored[0].dimensions == 3
    assert stored[0].text_sha256 == embeddings.text_digest(FLOODS)
    assert embeddings.unpack(stored[0].vector) == [1.0, 0.0, 0.0]


def test_semantic_engine_finds_a_claim_that_shares_no_words_with_the_draft(
    fake_model, tx, session, statements
):
    with tx() as s:
        embeddings.embed_pending(s)
    lexical = similar_claims(session, DraftClaim(QUERY), engine="lexical")
    semantic = similar_claims(session, DraftClaim(QUERY), engine="semantic")
    assert statements[0].id not in [s.claim.id for s in lexical]
    assert semantic[0].claim.id == statements[0].id
    assert semantic[0].meaning == pytest.approx(0.96, abs=0.001)
    assert "close in meaning (0.96)" in semantic[0].reasons
    assert semantic[0].score > semantic[1].score


def test_saving_a_claim_drops_its_vector_so_it_is_embedded_again(
    fake_model, tx, session, statements, annotator
):
    with tx() as s:
        embeddings.embed_pending(s)
    first = statements[0]
    with tx() as s:
        version = get_claim(s, first.id).version
        edit_claim(s, annotator, first.id, version, {"text": "The dikes held, the agency said."})
    assert session.get(ClaimEmbedding, first.id) is None
    with tx() as s:
        assert embeddings.embed_pending(s) == 1
    session.rollback()  # a fresh read: what the committed actions left
    assert session.get(ClaimEmbedding, first.id).text_sha256 == embeddings.text_digest(
        "The dikes held, the agency said."
    )


@pytest.mark.skipif(
    not embeddings.available(),
    reason="the semantic extra is not installed (pip install 'factdb[semantic]')",
)
def test_real_model_ranks_a_paraphrase_first(tx, session, statements):
    with tx() as s:
        assert embeddings.embed_pending(s) == 2
    found = similar_claims(session, DraftClaim(QUERY), engine="semantic")
    assert found[0].claim.id == statements[0].id
    assert found[0].meaning > 0.4 > next(s.meaning for s in found if s.claim.id != statements[0].id)


def test_evaluation_set_has_sixty_pairs_that_quote_no_article_text():
    pairs = json.loads(evaluate_matching.PAIRS.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) >= 60
    assert {"acronym", "numbers", "distractor", "synonym"} <= {p["case"] for p in pairs}
    stored = evaluate_matching.PAIRS.read_text(encoding="utf-8")
    corpus = evaluate_matching.CORPUS_DIR
    for pair in pairs:
        assert 0 <= pair["start"] < pair["end"] and pair["paraphrase"].strip()
        article = corpus / pair["article"]
        if article.is_file():
            span = article.read_text(encoding="utf-8")[pair["start"] : pair["end"]]
            assert span == span.strip() and len(span) > 20
            windows = {span[i : i + 40] for i in range(0, max(1, len(span) - 40), 10)}
            assert not any(window in stored for window in windows), pair


def test_evaluation_skips_saying_why_when_the_corpus_is_absent(tmp_path: Path, capsys):
    assert evaluate_matching.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("skipped: the corpus articles are not at")


def test_numbers_agree_however_they_are_written():
    assert matching.stated_numbers("30,154 cars, forty-six vans, Ten buses") == {
        "30154",
        "46",
        "10",
    }
    assert matching.stated_numbers("a rate of 5,7 per cent or 1,000.5 units") == {"5.7", "1000.5"}


def test_a_number_both_texts_state_finds_a_claim_worded_otherwise(make_claim, make_source, session):
    text = "He now faces at most 175 years in prison there if convicted."
    source = make_source(f"Court report. {text}")
    target = make_claim(
        source_id=source.id,
        kind="statement",
        text=text,
        excerpt={"exact": text},
        organization="Example Desk",
        value={},
    )
    found = similar_claims(session, DraftClaim("The publisher risks a 175-year term behind bars"))
    assert found[0].claim.id == target.id
    assert "shared numbers: 175" in found[0].reasons


def test_embed_command_fills_the_missing_vectors(fake_model, runner, statements, session):
    result = runner.invoke(args=["embed", "--batch", "1"])
    assert result.exit_code == 0, result.output
    assert "2 claim(s) embedded" in result.output
    assert len(session.exec(select(ClaimEmbedding)).all()) == 2
    assert "0 claim(s) embedded" in runner.invoke(args=["embed"]).output


def test_embed_command_without_the_extra_says_why_in_one_line(runner, statements, monkeypatch):
    monkeypatch.setattr(embeddings, "unavailable_reason", lambda: "sentence-transformers absent")
    result = runner.invoke(args=["embed"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: Semantic matching is unavailable: sentence-transformers absent."
    )
