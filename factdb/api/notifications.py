"""The inbox in the API: list one's notifications, mark some or all read."""

from __future__ import annotations

from flask import g, jsonify, request

from factdb.api.openapi import NULLABLE_STRING, RESPONSE_SCHEMAS, TIMESTAMP, _object
from factdb.api.registry import operation
from factdb.api.validation import Param, parse_body
from factdb.db import get_session
from factdb.models.notifications import NotificationKind
from factdb.services.bounds import whole_number
from factdb.services.errors import ValidationError
from factdb.services.notifications.inbox import detail_json, inbox, mark_read, unread_count
from factdb.services.notifications.inputs import MarkRead
from factdb.services.search.query import page_limit

RESPONSE_SCHEMAS["Notification"] = _object(
    {
        "id": {"type": "integer"},
        "kind": {"type": "string", "enum": [k.value for k in NotificationKind]},
        "claim_id": {"type": ["integer", "null"]},
        "actor": NULLABLE_STRING,
        "message": {"type": "string"},
        "detail": {"type": "object"},
        "created_at": TIMESTAMP,
        "read_at": {"type": ["string", "null"], "format": "date-time"},
    }
)
RESPONSE_SCHEMAS["NotificationPage"] = _object(
    {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Notification"}},
        "unread": {"type": "integer"},
        "next_cursor": NULLABLE_STRING,
    }
)
RESPONSE_SCHEMAS["MarkedRead"] = _object(
    {"marked": {"type": "integer"}, "unread": {"type": "integer"}}
)


def _flag(value: str | None, name: str) -> bool:
    if value in (None, "", "false", "0"):
        return False
    if value in ("true", "1"):
        return True
    raise ValidationError(f"{name} is true or false, not {value!r}.", {name: "not a boolean"})


@operation(
    "/notifications",
    "GET",
    "My notifications, newest first, with the unread count",
    "notifications",
    params=(
        Param("unread", "boolean", "true: only unread ones"),
        Param("cursor", description="next_cursor of the previous page"),
        Param("limit", "integer", "1–200 (default 50)"),
    ),
    responses={200: "NotificationPage", 422: "Error"},
    description="Each user sees only their own. Re-checks fallen due on claims the user "
    "decided are added when the inbox is read.",
)
def notifications_index():
    page = inbox(
        get_session(),
        g.api_user,
        unread_only=_flag(request.args.get("unread"), "unread"),
        after_id=whole_number(request.args.get("cursor"), "cursor"),
        limit=page_limit(request.args),
    )
    return jsonify(
        {
            "items": [detail_json(view) for view in page.items],
            "unread": page.unread,
            "next_cursor": str(page.next_cursor) if page.next_cursor else None,
        }
    )


@operation(
    "/notifications/read",
    "POST",
    "Mark notifications read: some ids, or all",
    "notifications",
    body=MarkRead,
    body_name="MarkRead",
    responses={200: "MarkedRead", 422: "Error"},
    description='{"ids": [1, 2]} or {"all": true}. Ids of other users\' notifications are ignored.',
)
def notifications_read():
    body = parse_body(MarkRead)
    session = get_session()
    marked = mark_read(session, g.api_user, body.ids, everything=body.all)
    return jsonify({"marked": marked, "unread": unread_count(session, g.api_user)})
