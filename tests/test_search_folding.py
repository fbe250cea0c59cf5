"""One folding rule for search: words of every script found by themselves, their unaccented
forms and their case variants, CJK by any two characters, compatibility characters by their
plain letters; the index follows edits and ``factdb search reindex`` rebuilds it. Runs on
SQLite and on PostgreSQL (the suite's PostgreSQL pass)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlmodel import Session

from factdb.models import Claim
from factdb.services.review.claims import edit_claim
from factdb.services.search.folding import search_fold, search_tokens
from factdb.services.search.fulltext import claim_text_condition, search_index_gaps
from factdb.services.search.listing import ClaimFilters, list_claims, list_sources

# (word as written in a claim, the same word as someone types it without accents)
WORDS = [
    ("Øresund", "oresund"),
    ("Łódź", "lodz"),
    ("Straße", "strasse"),
    ("Citroën", "citroen"),
    ("Ångström", "angstrom"),
    ("đường", "duong"),
    ("Ħamrun", "hamrun"),
    ("Æbeltoft", "aebeltoft"),
    ("κόσμος", "κοσμος"),
    ("Ελλάδα", "ελλαδα"),
    ("Москва", "москва"),
    ("ёлка", "елка"),
    ("вода́", "вода"),
    ("Київ", "київ"),
    ("كَتَبَ", "كتب"),
    ("مُحَمَّد", "محمد"),
    ("नमस्ते", "नमस्ते"),
    ("हिन्दी", "हिन्दी"),
    ("東京都庁", "東京都庁"),
    ("ひらがな", "ひらがな"),
    ("カタカナ", "カタカナ"),
    ("서울특별시", "서울특별시"),
]


def case_variants(word: str) -> set[str]:
    return {word, word.lower(), word.upper(), word.title(), word.casefold()}


@pytest.fixture
def corpus(make_claim):
    """One statement per word of WORDS: claim id by word."""
    return {
        word: make_claim(kind="statement", text=f"Said about {word} today.").id for word, _ in WORDS
    }


def found(engine, q: str) -> list[int]:
    with Session(engine) as session:
        return [item.claim.id for item in list_claims(session, ClaimFilters(q=q)).items]


@pytest.mark.parametrize(("word", "plain"), WORDS)
def test_every_word_is_found_by_itself_its_plain_form_and_its_cases(engine, corpus, word, plain):
    for query in case_variants(word) | case_variants(plain):
        assert found(engine, query) == [corpus[word]], query


def test_indic_vowel_signs_are_letters_not_accents(engine, corpus):
    assert found(engine, "नमस्ते") == [corpus["नमस्ते"]]
    assert found(engine, "नमसत") == []  # the same consonants without their vowel signs
    assert search_fold("हिन्दी") == "हिन्दी"


def test_a_russian_short_i_is_a_letter_of_its_own(make_claim, engine):
    claim = make_claim(kind="statement", text="Район и рай.")
    assert found(engine, "район") == [claim.id]
    assert found(engine, "раион") == []


@pytest.mark.parametrize(
    ("word", "pieces"),
    [
        ("東京都庁", ["東京", "京都", "都庁", "東京都", "京都庁"]),
        ("ひらがな", ["ひら", "らが", "がな"]),
        ("カタカナ", ["カタ", "タカ", "カナ"]),
        ("서울특별시", ["서울", "특별", "별시", "울특별"]),
    ],
)
def test_cjk_is_found_by_any_two_characters(engine, corpus, word, pieces):
    for piece in pieces:
        assert found(engine, piece) == [corpus[word]], piece


def test_cjk_pieces_in_the_wrong_order_do_not_match(engine, corpus):
    assert found(engine, "京東") == []
    assert found(engine, "都京") == []


def test_a_lone_cjk_character_finds_the_runs_it_starts(engine, corpus):
    assert found(engine, "東") == [corpus["東京都庁"]]


def test_compatibility_characters_are_found_by_their_plain_letters(make_claim, engine):
    ligature = make_claim(kind="statement", text="The ﬁnancial report was late.")
    fullwidth = make_claim(kind="statement", text="ＦＡＣＴ　ＣＨＥＣＫ desk")
    assert found(engine, "financial") == [ligature.id]
    assert found(engine, "fact check") == [fullwidth.id]
    assert found(engine, '"fact check"') == [fullwidth.id]
    assert found(engine, "ｆｉｎａｎｃｉａｌ") == [ligature.id]


def test_sources_are_found_by_titles_in_any_script(engine, make_source):
    source = make_source(title="Η Ελλάδα σήμερα", publisher="Καθημερινή")
    with Session(engine) as session:
        for q in ("ελλαδα", "ΣΗΜΕΡΑ", "καθημερινη"):
            page = list_sources(session, q=q)
            assert [s.id for s in page.items] == [source.id], q


def test_the_index_follows_an_edit_in_another_script(engine, tx, annotator, make_claim):
    claim = make_claim(kind="statement", text="Θεσσαλονίκη was named.")
    assert found(engine, "θεσσαλονικη") == [claim.id]
    with tx() as s:
        edit_claim(s, annotator, claim.id, claim.version, {"text": "Αθήνα was named."})
    assert found(engine, "θεσσαλονικη") == []
    assert found(engine, "ΑΘΗΝΑ") == [claim.id]


@given(st.text(max_size=40))
def test_folding_twice_is_folding_once(value):
    assert search_fold(search_fold(value)) == search_fold(value)
    assert search_tokens(" ".join(search_tokens(value))) == search_tokens(value)


def test_reindex_rebuilds_a_damaged_index(runner, engine, session, corpus):
    table = "claim_fts" if engine.dialect.name == "sqlite" else "claim_search"
    session.execute(text(f"DELETE FROM {table}"))
    session.commit()
    assert found(engine, "κοσμος") == []
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "search index rebuilt" in result.output
    assert found(engine, "κοσμος") == [corpus["κόσμος"]]
    assert search_index_gaps(session) == {"claim": (0, 0), "source": (0, 0)}


CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "suggestions"


def unaccented(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the real-article corpus is not at {CORPUS}")
def test_every_word_of_real_articles_finds_its_claim(engine, make_source, make_claim):
    """Real text (curly quotes, dashes, names with accents): each word as a reader types it,
    upper case or without accents, finds the claim whose excerpt holds it."""
    claims = {}
    for path in sorted(CORPUS.glob("*.txt"))[:6]:
        article = path.read_text(encoding="utf-8")
        first = next(p for p in article.split("\n\n") if len(p.split()) > 20)[:4000]
        source = make_source(text=article, title=path.stem)
        claim = make_claim(
            kind="statement", source_id=source.id, text="From an article.", excerpt={"exact": first}
        )
        claims[path.stem] = (claim.id, first)
    with Session(engine) as session:
        for claim_id, paragraph in claims.values():
            words = sorted({w for w in paragraph.split() if search_tokens(w)})[:40]
            for word in words:
                for query in (word, word.upper(), unaccented(word)):
                    condition = claim_text_condition(session, f'"{query}"')
                    hits = session.execute(select(Claim.id).where(condition)).scalars().all()
                    assert claim_id in hits, query
