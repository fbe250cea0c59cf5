"""Typed inputs of publishing actions; the API validates request bodies with them and
publishes their JSON Schema."""

from __future__ import annotations

from factdb.models import limits
from factdb.services.inputs import Id, Input, Text


class PublicationChange(Input):
    """Publishing or unpublishing a verdict, made to the claim version the caller saw."""

    version: Id
    note: Text(limits.NOTE, "Why (required to unpublish)") | None = None
