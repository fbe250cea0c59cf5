"""Typed inputs of the inbox; the API validates request bodies with them."""

from __future__ import annotations

from pydantic import Field, StrictBool, model_validator

from factdb.services.inputs import Id, Input

MAX_IDS = 500


class MarkRead(Input):
    """Which notifications to mark read: some ``ids``, or ``all`` of them."""

    ids: list[Id] = Field(default_factory=list, max_length=MAX_IDS)
    all: StrictBool = False

    @model_validator(mode="after")
    def _something(self) -> MarkRead:
        if not self.ids and not self.all:
            raise ValueError('give "ids" (a list of notification ids) or "all": true')
        return self
