"""What source creation takes from a person or a client (``create_source``'s arguments)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictStr

from factdb.models import limits
from factdb.services.inputs import Input, IsoDate, Text


class NewSource(Input):
    """A document to store as a source: its plain text and what it is."""

    title: Text(limits.TITLE)
    publisher: Text(limits.PUBLISHER) | None = None
    url: Text(limits.URL) | None = None
    published: IsoDate | None = None
    # Its limit is a setting (MAX_SOURCE_CHARS) that create_source checks after normalizing.
    text: Annotated[StrictStr, Field(description="Plain text, normalized on storage")]
