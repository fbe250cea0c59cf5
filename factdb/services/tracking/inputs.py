"""Typed inputs of tracking actions; the API validates request bodies with them and publishes
their JSON Schema."""

from __future__ import annotations

from pydantic import StrictBool

from factdb.models import limits
from factdb.services.inputs import Id, Input, IsoDate, Text


class NewMatch(Input):
    """Another claim confirmed to make the same claim, with an optional note."""

    claim_id: Id
    note: Text(limits.NOTE) | None = None


class Note(Input):
    """An optional note saying why."""

    note: Text(limits.NOTE) | None = None


class RequiredNote(Input):
    """A note saying why (required)."""

    note: Text(limits.NOTE)


class RecheckDate(Input):
    """When a claim is to be checked again, and why."""

    recheck_on: IsoDate
    note: Text(limits.NOTE) | None = None


class RecheckDecision(Input):
    """An editor's answer to a re-check request."""

    approve: StrictBool
    note: Text(limits.NOTE) | None = None


class NewAlias(Input):
    """Another name for an organization."""

    alias: Text(limits.ORGANIZATION_NAME)


class Merge(Input):
    """The organization to merge into this one."""

    organization_id: Id
