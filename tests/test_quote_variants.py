"""A quote typed with straight quotes finds the source's curly ones and the other way round; the
excerpt keeps the source's own characters at exact offsets, and an ambiguous quote is refused."""

import pytest

from factdb.services.errors import ExcerptError
from factdb.services.review.claims import get_claim
from factdb.services.sources.excerpts import locate_excerpt
from factdb.services.sources.fold import fold

CURLY_SOURCE = (
    "Ridership rose, the agency\u2019s director said: \u201cwe will open three stations\u201d "
    "by June."
)
STRAIGHT_SOURCE = (
    'Ridership rose, the agency\'s director said: "we will open three stations" by June.'
)
APOSTROPHES = ["\u2018", "\u2019", "\u201b", "\u2032", "\u02bc", "\u2039", "\u203a"]
DOUBLE_QUOTES = ["\u201c", "\u201d", "\u201e", "\u2033", "\u00ab", "\u00bb"]


def test_straight_quotes_typed_find_the_sources_curly_quotes_at_exact_offsets():
    found = locate_excerpt(CURLY_SOURCE, "agency's director said: \"we will open")
    start = CURLY_SOURCE.index("agency")
    assert (found.start, found.end) == (start, CURLY_SOURCE.index(" three"))
    assert found.exact == "agency\u2019s director said: \u201cwe will open"
    assert CURLY_SOURCE[found.start : found.end] == found.exact


def test_curly_quotes_typed_find_the_sources_straight_quotes():
    found = locate_excerpt(STRAIGHT_SOURCE, "agency\u2019s director said: \u201cwe will open")
    assert found.exact == "agency's director said: \"we will open"
    assert STRAIGHT_SOURCE[found.start : found.end] == found.exact


@pytest.mark.parametrize("mark", APOSTROPHES)
def test_every_apostrophe_variant_matches_a_straight_one(mark):
    text = f"First line. The agency{mark}s count was audited."
    found = locate_excerpt(text, "agency's count")
    assert found.exact == f"agency{mark}s count"
    assert (found.start, found.end) == (text.index("agency"), text.index(" was"))


@pytest.mark.parametrize("mark", DOUBLE_QUOTES)
def test_every_double_quote_variant_matches_a_straight_one(mark):
    text = f"He called it {mark}audited{mark} twice."
    found = locate_excerpt(text, 'it "audited"')
    assert found.exact == f"it {mark}audited{mark}"
    assert text[found.start : found.end] == found.exact


def test_a_quote_in_two_typographic_forms_is_still_ambiguous():
    text = "The agency\u2019s count rose. Later the agency's count fell."
    with pytest.raises(ExcerptError, match="occurs 2 times") as refused:
        locate_excerpt(text, "agency's count")
    assert "text just before or after it (prefix/suffix)" in refused.value.message
    found = locate_excerpt(text, "agency\u2019s count", prefix="Later the")
    assert found.start == text.rindex("agency")


def test_folding_quote_variants_keeps_every_offset():
    text = "\u00abOui\u00bb, l\u02bcagence \u2039dit\u203a \u201eja\u201c."
    folded = fold(text)
    assert folded.text == '"Oui", l\'agence \'dit\' "ja".'
    assert len(folded.text) == len(text)
    assert all(folded.to_original(i) == i for i in range(len(text) + 1))


def test_new_claim_by_straight_quote_stores_the_sources_curly_text(
    client, auth, annotator, make_source, tx
):
    source = make_source(text=CURLY_SOURCE)
    auth.login(annotator)
    response = client.post(
        f"/sources/{source.id}/claims/new",
        data={
            "kind": "statement",
            "text": "The director promised three stations.",
            "exact": '  "we will open three stations" \n',
            "organization": "Lakeside Transit Agency",
            "new_organization": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    claim_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with tx() as s:
        claim = get_claim(s, claim_id)
        assert claim.excerpt_exact == "\u201cwe will open three stations\u201d"
        assert CURLY_SOURCE[claim.excerpt_start : claim.excerpt_end] == claim.excerpt_exact


def test_quote_form_singles_out_an_ambiguous_quote_with_its_prefix(
    client, auth, annotator, make_source, tx
):
    source = make_source(text="The agency\u2019s count rose. Later the agency's count fell.")
    data = {
        "kind": "statement",
        "text": "The count fell.",
        "exact": "agency's count",
        "organization": "Lakeside Transit Agency",
        "new_organization": "y",
    }
    auth.login(annotator)
    refused = client.post(f"/sources/{source.id}/claims/new", data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "(prefix/suffix)" in page and "offsets." not in page
    assert 'name="prefix"' in page and 'name="suffix"' in page
    response = client.post(f"/sources/{source.id}/claims/new", data={**data, "prefix": "Later the"})
    assert response.status_code == 302
    claim_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with tx() as s:
        assert get_claim(s, claim_id).excerpt_start == source.text.rindex("agency")
