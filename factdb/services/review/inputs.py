"""What the review services take: excerpts, typed values, claim edits, citations, comments,
transitions and assignments. The API's request bodies are these models."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool, StrictInt

from factdb.models import ClaimKind, ClaimStatus, DatePrecision, Stance, limits
from factdb.services.inputs import Id, Input, IsoDate, NumberOrString, OneOf, Text

Kind = Literal[tuple(k.value for k in ClaimKind)]
StanceName = Literal[tuple(s.value for s in Stance)]
StatusName = Literal[tuple(s.value for s in ClaimStatus)]


class ExcerptInput(Input):
    """Where a claim came from: offsets, or a quote that occurs once, or both (agreeing)."""

    start: StrictInt | None = Field(None, description="First character (code point offset)")
    end: StrictInt | None = Field(None, description="Offset just after the last character")
    exact: Text(limits.EXCERPT_EXACT, "The quoted text") | None = None
    prefix: Text(limits.EXCERPT_CONTEXT) | None = None
    suffix: Text(limits.EXCERPT_CONTEXT) | None = None


class ValueInput(Input):
    """A claim's typed value; only the fields of the claim's kind may be given."""

    date: (
        Text(limits.TYPED_DATE, "2026-03-03, 2026-03, 2026, 3 March 2026 or March 2026") | None
    ) = None
    precision: OneOf(DatePrecision) | None = None
    end: Text(limits.TYPED_DATE) | None = None
    amount: NumberOrString | None = None
    unit: Text(limits.UNIT) | None = None
    lower: NumberOrString | None = None
    upper: NumberOrString | None = None
    approximate: StrictBool | None = None
    speaker: Text(limits.SPEAKER) | None = None
    said_on: Text(limits.TYPED_DATE, "A day: 2026-03-03 or 3 March 2026") | None = None


class NewClaim(Input):
    """A claim marked in a source, as a draft."""

    source_id: Id
    kind: Kind
    text: Text(limits.CLAIM_TEXT)
    organization: Text(limits.ORGANIZATION_NAME, "Name or alias") | None = None
    new_organization: StrictBool | None = Field(
        None,
        description="An organization name that matches nothing: absent, null or true "
        "creates it; false refuses it with 422 and the close names (candidates) when some "
        "known names are close (a name close to none is created)",
    )
    excerpt: ExcerptInput
    value: ValueInput | None = Field(None, description="Fields of the claim's kind")


class ClaimChanges(Input):
    """The parts of a claim to change; a field left out stays as it is."""

    kind: Kind = None  # type: ignore[assignment]  (absent: unchanged; null is refused)
    text: Text(limits.CLAIM_TEXT) = None  # type: ignore[valid-type]
    organization: Text(limits.ORGANIZATION_NAME) | None = None
    new_organization: StrictBool | None = Field(
        None, description="As for a new claim: false refuses an unknown organization name"
    )
    excerpt: ExcerptInput = None  # type: ignore[assignment]
    value: ValueInput | None = None


class ClaimEdit(ClaimChanges):
    """An edit as the API receives it: the changes and the version they were made to."""

    version: Id = Field(description="The version you saw")

    def changes(self) -> ClaimChanges:
        """The changes without the version (``edit_claim`` takes the version apart)."""
        return ClaimChanges(**{k: v for k, v in self.given().items() if k != "version"})


class NewCitation(Input):
    """Evidence for a claim: a web page or document that supports, refutes or gives context."""

    url: Text(limits.URL, "http(s) only")
    stance: StanceName
    title: Text(limits.TITLE) | None = None
    publisher: Text(limits.PUBLISHER) | None = None
    published: IsoDate | None = None
    accessed: IsoDate | None = None
    quote: Text(limits.QUOTE) | None = None


class CitationChanges(Input):
    """Corrections to a citation; a field left out stays as it is."""

    url: Text(limits.URL, "http(s) only") = None  # type: ignore[valid-type]
    stance: StanceName = None  # type: ignore[assignment]  (absent: unchanged)
    title: Text(limits.TITLE) | None = None
    publisher: Text(limits.PUBLISHER) | None = None
    published: IsoDate | None = None
    accessed: IsoDate | None = None
    quote: Text(limits.QUOTE) | None = None


class Withdrawal(Input):
    """Withdrawing a citation or comment, with an optional note saying why."""

    note: Text(limits.NOTE) | None = None


class NewComment(Input):
    """A comment on a claim."""

    body: Text(limits.COMMENT)


class NewTransition(Input):
    """A move through the review workflow, made to the version the caller saw."""

    to: StatusName
    version: Id
    note: Text(limits.NOTE) | None = None
    rating: Text(100, "A rating label of the scale, for a verdict") | None = None


class NewAssignment(Input):
    """An assignment of a claim to a reviewer, made to the version the caller saw."""

    assignee_id: Id
    version: Id
