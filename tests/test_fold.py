"""One folding rule for quotes, context and organization names: a quote a user can see in the
source is found at the source's own offsets, whatever form of the same text it arrives in."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from factdb.models import Claim, Organization
from factdb.services.errors import ExcerptError
from factdb.services.review.organizations import add_alias, resolve_organization
from factdb.services.sources.excerpts import locate_excerpt
from factdb.services.sources.fold import fold
from factdb.services.sources.text import normalize_text

CURLY = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
STRAIGHT = {"'": "\u2019", '"': "\u201d"}


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _nbsp(text: str) -> str:
    return text.replace(" ", "\u00a0")


def _plain_spaces(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u00ad", "")


def _insert_after(text: str, mark: str, every: int) -> str:
    """``mark`` after every ``every``-th letter, never between a letter and its accent."""
    out = []
    for i, char in enumerate(text):
        out.append(char)
        following = text[i + 1 : i + 2]
        if char.isalpha() and i % every == 1 and not unicodedata.combining(following or "a"):
            out.append(mark)
    return "".join(out)


def _soft_hyphens(text: str) -> str:
    return _insert_after(text, "\u00ad", 3)


def _zero_width(text: str) -> str:
    return _insert_after(text, "\u200b", 2)


def _straight_quotes(text: str) -> str:
    return "".join(CURLY.get(c, c) for c in text)


def _curly_quotes(text: str) -> str:
    return "".join(STRAIGHT.get(c, c) for c in text)


FORMS = [_crlf, _nfd, _nbsp, _plain_spaces, _soft_hyphens, _zero_width, _straight_quotes]
FORMS.append(_curly_quotes)

WORDS = st.text(
    alphabet=st.sampled_from("abcdeéñøAB'\"\u2019\u201c\u201d\u00ad19"), min_size=1, max_size=7
)
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "\n\n", "\u00a0", "\u2009", " \u200b"])


@st.composite
def stored_text(draw) -> str:
    words = draw(st.lists(WORDS, min_size=3, max_size=40))
    gaps = draw(st.lists(SEPARATORS, min_size=len(words), max_size=len(words)))
    text = normalize_text("".join(w + g for w, g in zip(words, gaps, strict=True)))
    assume(len(fold(text).text.strip()) >= 3)
    return text


def _occurrences(text: str, part: str) -> int:
    """How often ``part`` occurs in ``text``, overlapping occurrences included."""
    return sum(text.startswith(part, i) for i in range(len(text)))


def _visible(char: str) -> bool:
    return not char.isspace() and char not in "\u00ad\u200b"


@given(
    text=stored_text(),
    data=st.data(),
    forms=st.lists(st.sampled_from(FORMS), min_size=1, max_size=4),
)
@settings(max_examples=300, deadline=None)
def test_a_quote_in_any_form_is_found_at_the_same_offsets(text, data, forms):
    visible = [i for i, c in enumerate(text) if _visible(c)]
    start = data.draw(st.sampled_from(visible))
    end = data.draw(st.sampled_from([i + 1 for i in visible if i >= start]))
    prefix, suffix = text[max(0, start - 32) : start], text[end : end + 32]
    folded = fold(text).text
    span = fold(text[start:end]).text
    if _occurrences(folded, span) > 1:
        # Not unique alone: the quote comes with its context, which must single it out.
        assume(_occurrences(folded, fold(prefix + text[start:end] + suffix).text) == 1)
        assume(fold(prefix).text.strip() or fold(suffix).text.strip())
    else:
        prefix = suffix = ""

    def quoted(value: str) -> str:
        for form in forms:
            value = form(value)
        return value

    found = locate_excerpt(text, quoted(text[start:end]), quoted(prefix), quoted(suffix))
    assert (found.start, found.end) == (start, end)
    assert found.exact == text[start:end]


def test_ambiguous_quote_is_still_refused_in_another_form():
    text = "It\u2019s up 14\u00a0per cent. Later: it's up 14 per cent."
    with pytest.raises(ExcerptError, match="occurs 2 times"):
        locate_excerpt(text, "’s up 14 per cent")
    found = locate_excerpt(text, "up 14 per cent", prefix="Later: it\u2019s")
    assert found.start == text.rindex("up 14")


def test_fold_maps_every_folded_span_back_to_the_stored_characters():
    text = "A\u00a0caf\u0065\u0301 \u201cquote\u201d\r\n\r\nsoft\u00adhy\u200bphen"
    folded = fold(text)
    assert folded.text == 'A café "quote" softhyphen'
    start = folded.text.index("café")
    assert text[slice(*folded.span_to_original(start, start + 4))] == "cafe\u0301"
    start = folded.text.index("softhyphen")
    assert text[slice(*folded.span_to_original(start, start + 10))] == "soft\u00adhy\u200bphen"
    assert folded.to_original(len(folded.text)) == len(text)


@given(
    name=st.text(alphabet=st.sampled_from("abcé XYZ&'\u2019-"), min_size=2, max_size=30),
    forms=st.lists(st.sampled_from([_nfd, _nbsp, _zero_width, _soft_hyphens, _crlf]), max_size=3),
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_an_organization_name_in_another_form_names_the_same_organization(session, name, forms):
    assume(name.strip(" .,;:-'\u2019"))
    try:
        organization = resolve_organization(session, name)
        variant = name
        for form in forms:
            variant = form(variant)
        assert resolve_organization(session, variant + "\u200b").id == organization.id
        assert session.exec(select(func.count()).select_from(Organization)).one() == 1
    finally:
        session.rollback()


def test_an_alias_with_a_zero_width_space_is_the_organizations_own_name(session):
    organization = resolve_organization(session, "Lakeside Transit Agency")
    assert add_alias(session, organization, "Lakeside\u200b Transit\u00a0Agency") is None
    assert resolve_organization(session, "Lake\u00adside Transit Agency").id == organization.id
    session.rollback()


def test_web_quote_spanning_a_paragraph_break_is_found(client, annotator, auth, source, session):
    auth.login(annotator)
    response = client.post(
        f"/sources/{source.id}/claims/new",
        data={
            "kind": "statement",
            "text": "The director spoke, then critics did.",
            "exact": "its director said.\r\n\r\nCritics said",
            "organization": "Lakeside Transit Agency",
        },
    )
    assert response.status_code == 302, response.data[-600:]
    claim = session.exec(select(Claim)).one()
    assert claim.excerpt_exact == "its director said.\n\nCritics said"
    assert source.text[claim.excerpt_start : claim.excerpt_end] == claim.excerpt_exact
