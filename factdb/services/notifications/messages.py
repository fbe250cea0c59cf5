"""What a notification says, in one sentence: the inbox and the e-mail read the same words."""

from __future__ import annotations

import json

from factdb.models import ClaimStatus

REASONS = {"value": "their values disagree", "verdict": "their verdicts disagree"}


def detail_of(raw: str | None) -> dict:
    """A notification's stored detail as a dict (empty when there is none or it is unreadable)."""
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def describe(kind: str, actor_name: str | None, detail: dict, claim_id: int | None) -> str:
    """One sentence for a notification of ``kind`` by ``actor_name`` (None: nobody, the
    system) with its stored ``detail``; names the claim by number."""
    who = actor_name or "Someone"
    claim = f"claim #{claim_id}" if claim_id else "a claim"
    status = detail.get("status")
    label = ClaimStatus(status).label if status in ClaimStatus.__members__ else status
    if kind == "assigned":
        return f"{who} assigned {claim} to you."
    if kind == "sent_back":
        return f"{who} sent your {claim} back to draft."
    if kind == "decided":
        return f"{who} decided your {claim}: {label}."
    if kind == "reopened":
        return f"{who} reopened your {claim}."
    if kind == "conflict":
        reason = REASONS.get(detail.get("reason"), "they disagree")
        other = detail.get("other_claim_id")
        return f"A conflict was flagged on {claim}, which you decided: claim #{other} — {reason}."
    if kind == "recheck_due":
        since = detail.get("recheck_on")
        return f"{claim.capitalize()}, which you decided, is due for a re-check (since {since})."
    if kind == "mention":
        return f"{who} mentioned you in a comment on {claim}."
    return f"Something happened to {claim}."
