"""The claim a selection proposes: its kind and value, read by the suggestion engine, so the
claim form opens filled in for "March 2026" or "$4.2 billion" (nothing is stored)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from sqlmodel import Session

from factdb.services.review.organizations import organization_aliases
from factdb.services.sources.documents import get_source
from factdb.services.sources.excerpts import excerpt_at
from factdb.services.suggest import Suggestion, suggest
from factdb.services.suggest.store import claim_fields

# Words a selection may hold around a date or figure and still be "just" that value:
# "in March 2026", "on Tuesday", "about $4.2 billion." (the finders keep qualifiers).
_FILLER = {"in", "on", "by", "at", "of", "the", "since", "until", "from", "to", "for", "and"}
_WORD = re.compile(r"[^\W_]+")


def _essentially(found: Suggestion, text: str) -> bool:
    rest = text[: found.start] + " " + text[found.end :]
    return all(word.lower() in _FILLER for word in _WORD.findall(rest))


def infer_claim(
    text: str,
    published: date | None = None,
    organizations: Iterable[tuple[str, Sequence[str]]] = (),
) -> dict:
    """The kind and value a selected excerpt proposes: ``{"kind", "organization", "value"}``
    with the value in ``value_columns``' input shape (date/precision/end; amount/unit/
    lower/upper/approximate; speaker/said_on).

    Rules: a selection that is essentially one date (a few filler words like "in" aside) is
    a date claim — a relative one ("Tuesday") resolved against ``published``, left empty
    without it; essentially one figure is a figure claim ("$4.2 billion" -> 4200000000 USD);
    anything else is a statement, attributed to the organization and speaker the engine finds
    in the excerpt, if any. Pure: nothing is read or stored.
    """
    found = suggest(text, published, organizations)
    for kind in ("date", "figure"):
        whole = [s for s in found if s.kind == kind and _essentially(s, text)]
        if whole:
            fields = claim_fields(max(whole, key=lambda s: s.end - s.start))
            return {k: fields[k] for k in ("kind", "organization", "value")}
    statements = [s for s in found if s.kind == "statement"]
    if statements:
        fields = claim_fields(max(statements, key=lambda s: s.confidence))
        return {k: fields[k] for k in ("kind", "organization", "value")}
    return {"kind": "statement", "organization": None, "value": {}}


def selection_claim(session: Session, source_id: int, start: int, end: int) -> dict:
    """``infer_claim`` for the excerpt ``start``–``end`` of a source, with the source's
    published date and the known organizations (and aliases).

    Raises NotFoundError (source) and ExcerptError (offsets outside the text, blank, too long).
    """
    source = get_source(session, source_id)
    excerpt = excerpt_at(source.text, start, end)
    return infer_claim(excerpt.exact, source.published, organization_aliases(session))
