"""The /api/v1 endpoints that correct evidence: edit or withdraw a citation or a comment.
Parse, call one service, serialize."""

from __future__ import annotations

from flask import g, jsonify

from factdb.api.registry import operation
from factdb.api.serializers import citation_json, comment_json
from factdb.api.validation import parse_body
from factdb.db import get_session
from factdb.services.review import evidence
from factdb.services.review.inputs import CitationChanges, NewComment, Withdrawal

CITATION = "/claims/<int:claim_id>/citations/<int:citation_id>"
COMMENT = "/claims/<int:claim_id>/comments/<int:comment_id>"
REFUSALS = {403: "Error", 404: "Error", 409: "Error", 422: "Error"}
RULES = (
    "The author or an editor, until the claim has a verdict (409 claim_frozen after); "
    "not a content edit of the claim (its version and four eyes are untouched)."
)


def _names(item) -> dict:
    return {g.api_user.id: g.api_user.display_name} | evidence.evidence_names(get_session(), item)


@operation(
    CITATION,
    "PATCH",
    "Correct a citation (fields left out stay as they are)",
    "claims",
    body=CitationChanges,
    body_name="CitationChanges",
    responses={200: "Citation", **REFUSALS},
    description=RULES,
)
def citations_edit(claim_id: int, citation_id: int):
    changes = parse_body(CitationChanges).given()
    citation = evidence.edit_citation(get_session(), g.api_user, claim_id, citation_id, changes)
    return jsonify(citation_json(citation, _names(citation)))


@operation(
    CITATION + "/withdraw",
    "POST",
    "Withdraw a citation: it stays in the history and no longer counts as evidence",
    "claims",
    body=Withdrawal,
    body_name="Withdrawal",
    responses={200: "Citation", **REFUSALS},
    description=RULES,
)
def citations_withdraw(claim_id: int, citation_id: int):
    note = parse_body(Withdrawal).note
    citation = evidence.withdraw_evidence(
        get_session(), g.api_user, claim_id, citation_id=citation_id, note=note
    )
    return jsonify(citation_json(citation, _names(citation)))


@operation(
    COMMENT,
    "PATCH",
    "Reword a comment",
    "claims",
    body=NewComment,
    body_name="CommentEdit",
    responses={200: "Comment", **REFUSALS},
    description=RULES,
)
def comments_edit(claim_id: int, comment_id: int):
    body = parse_body(NewComment).body
    comment = evidence.edit_comment(get_session(), g.api_user, claim_id, comment_id, body)
    return jsonify(comment_json(comment, _names(comment)))


@operation(
    COMMENT + "/withdraw",
    "POST",
    "Withdraw a comment: it stays in the history, struck through",
    "claims",
    body=Withdrawal,
    body_name="CommentWithdrawal",
    responses={200: "Comment", **REFUSALS},
    description=RULES,
)
def comments_withdraw(claim_id: int, comment_id: int):
    note = parse_body(Withdrawal).note
    comment = evidence.withdraw_evidence(
        get_session(), g.api_user, claim_id, comment_id=comment_id, note=note
    )
    return jsonify(comment_json(comment, _names(comment)))
