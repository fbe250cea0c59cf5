"""Notes people write on a claim's actions: why a move was made, a match removed, a conflict
dismissed, a re-check asked for, a verdict taken off its public page."""

from __future__ import annotations

from factdb.models.limits import NOTE as MAX_NOTE
from factdb.services.errors import ValidationError


def clean_note(note: str | None, *, required: bool = False) -> str | None:
    """The note without NUL bytes and surrounding space, or None when empty.

    Rules: at most ``MAX_NOTE`` characters; with ``required`` an empty note is refused.
    Errors: ValidationError naming the field ``note``.
    """
    text = (note or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError("Say why in a note.", {"note": "required"})
    if len(text) > MAX_NOTE:
        raise ValidationError(f"A note can be at most {MAX_NOTE} characters.", {"note": "long"})
    return text or None
