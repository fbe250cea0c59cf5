"""What source creation takes from a person or a client (``create_source``'s arguments)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictStr

from factdb.models import limits
from factdb.services.inputs import Input, IsoDate, Text


class NewSource(Input):
    """A document to store as a source: its plain text, an HTML document, or only a URL to
    fetch (``add_source`` decides), and what it is."""

    title: Text(limits.TITLE, "Required for plain text") | None = None
    publisher: Text(limits.PUBLISHER) | None = None
    url: Text(limits.URL, "Alone: the document to fetch") | None = None
    published: IsoDate | None = None
    # Their limit is a setting (MAX_SOURCE_CHARS) that the service checks after normalizing.
    text: Annotated[StrictStr, Field(description="Plain text, normalized on storage")] | None = None
    html: (
        Annotated[
            StrictStr, Field(description="An HTML document (its article or whole page is kept)")
        ]
        | None
    ) = None
    extract: Literal["article", "page"] | None = Field(
        default=None, description="For HTML and fetched pages (default article)"
    )
    author: Text(limits.PUBLISHER) | None = None
    canonical_url: Text(limits.URL) | None = None
    language: Text(35) | None = None


class FlagHandled(Input):
    """A reviewer's note on a revision flag marked handled (optional)."""

    note: Text(limits.NOTE) | None = None
