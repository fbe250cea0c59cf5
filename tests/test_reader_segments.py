"""The reader's highlights: nested and overlapping claims each keep their whole span, and every
run of the text carries every claim covering it."""

import random
import re
from itertools import pairwise

import pytest

from factdb.models import Claim
from factdb.services.sources.highlights import highlight_segments

TEXT = "The minister said on Tuesday that it would spend $4.2 billion on rail. 🚆 Done."


def claim_on(claim_id: int, exact: str, text: str = TEXT) -> Claim:
    start = text.index(exact)
    return Claim(
        id=claim_id, excerpt_start=start, excerpt_end=start + len(exact), excerpt_exact=exact
    )


def runs(segments) -> list[tuple[str, list[int]]]:
    return [(s.text, [c.id for c in s.claims]) for s in segments]


def test_a_statement_enclosing_a_date_keeps_both_highlights():
    statement = claim_on(1, "said on Tuesday that it would spend $4.2 billion")
    date = claim_on(2, "on Tuesday")
    assert runs(highlight_segments(TEXT, [date, statement])) == [
        ("The minister ", []),
        ("said ", [1]),
        ("on Tuesday", [1, 2]),
        (" that it would spend $4.2 billion", [1]),
        (" on rail. 🚆 Done.", []),
    ]


def test_overlapping_claims_share_the_overlap_and_the_longer_is_drawn_outside():
    first = claim_on(1, "said on Tuesday that")
    second = claim_on(2, "Tuesday that it would")
    assert runs(highlight_segments(TEXT, [second, first]))[1:4] == [
        ("said on ", [1]),
        ("Tuesday that", [2, 1]),
        (" it would", [2]),
    ]


def test_claims_on_the_same_span_are_both_kept_on_different_levels():
    twins = [claim_on(7, "$4.2 billion"), claim_on(3, "$4.2 billion")]
    run = next(s for s in highlight_segments(TEXT, twins) if s.claims)
    assert (run.text, [c.id for c in run.claims], run.levels) == ("$4.2 billion", [7, 3], (1, 0))


def test_three_deep_nesting_lists_outermost_first_one_level_each():
    claims = [
        claim_on(3, "$4.2"),
        claim_on(1, "spend $4.2 billion on rail"),
        claim_on(2, "$4.2 billion"),
    ]
    run = next(s for s in highlight_segments(TEXT, claims) if s.text == "$4.2")
    assert ([c.id for c in run.claims], run.levels) == ([1, 2, 3], (2, 1, 0))


def test_a_claim_keeps_its_level_along_its_whole_excerpt():
    statement = claim_on(1, "said on Tuesday that it would spend $4.2 billion")
    date = claim_on(2, "on Tuesday")
    levels = {
        (s.text, c.id): level
        for s in highlight_segments(TEXT, [statement, date])
        for c, level in zip(s.claims, s.levels, strict=True)
    }
    assert {k: v for k, v in levels.items() if k[1] == 1} == {
        ("said ", 1): 1,
        ("on Tuesday", 1): 1,
        (" that it would spend $4.2 billion", 1): 1,
    }
    assert levels[("on Tuesday", 2)] == 0


def test_offsets_count_code_points_after_emoji():
    done = claim_on(1, "Done")
    segment = next(s for s in highlight_segments(TEXT, [done]) if s.claims)
    assert (segment.start, segment.end) == (TEXT.index("Done"), TEXT.index("Done") + 4)
    assert TEXT[segment.start : segment.end] == "Done"


def test_claims_outside_the_text_are_clipped_or_left_out():
    beyond = Claim(id=1, excerpt_start=len(TEXT) - 5, excerpt_end=len(TEXT) + 10, excerpt_exact="")
    gone = Claim(id=2, excerpt_start=len(TEXT) + 1, excerpt_end=len(TEXT) + 4, excerpt_exact="")
    assert runs(highlight_segments(TEXT, [beyond, gone]))[-1] == ("Done.", [1])
    assert highlight_segments("", [gone]) == []


@pytest.mark.parametrize("seed", range(20))
def test_runs_rebuild_the_text_and_each_claim_covers_exactly_its_span(seed):

    rng = random.Random(seed)
    claims = []
    for claim_id in range(1, rng.randint(1, 8)):
        start = rng.randrange(len(TEXT) - 1)
        end = rng.randint(start + 1, len(TEXT))
        claims.append(Claim(id=claim_id, excerpt_start=start, excerpt_end=end, excerpt_exact=""))
    segments = highlight_segments(TEXT, claims)
    assert "".join(s.text for s in segments) == TEXT
    for claim in claims:
        covered = [s for s in segments if claim in s.claims]
        assert covered[0].start == claim.excerpt_start and covered[-1].end == claim.excerpt_end
        assert all(a.end == b.start for a, b in pairwise(covered))
    for segment in segments:
        assert len(set(segment.levels)) == len(segment.claims)
        assert list(segment.levels) == sorted(segment.levels, reverse=True)


def test_the_reader_nests_one_mark_per_claim_and_lists_every_claim(
    client, auth, annotator, source, make_claim
):
    statement = make_claim(
        kind="statement",
        text="The agency said ridership rose 14 per cent.",
        excerpt={"exact": "said on Monday that ridership rose 14 per cent"},
        value={"speaker": "The agency"},
    )
    figure = make_claim()
    auth.login(annotator)
    html = client.get(f"/sources/{source.id}").get_data(as_text=True)
    inner = re.search(r'<mark[^>]*data-claim="(\d+)"[^>]*><mark[^>]*data-claim="(\d+)"', html)
    assert inner and inner.groups() == (str(statement.id), str(figure.id))
    assert f'id="side-claim-{statement.id}"' in html and f'id="side-claim-{figure.id}"' in html
    text = re.search(r'id="source-text"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", text) == source.text.replace("&", "&amp;")
