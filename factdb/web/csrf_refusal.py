"""A refused CSRF token re-renders the form the user sent, with what they typed.

The usual cause is harmless: the user signed out and in again in another tab, so the form's
token belongs to the old session. Instead of a bare 400 the view runs again on the same
request with the database closed to writes: a form that validates its token first shows
itself again; a view that goes on to a service meets ``FormExpiredError`` on its first write
and shows the form with the message. Nothing is committed either way.
"""

from __future__ import annotations

from flask import Flask, current_app, flash, g, request
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.orm import Session

from factdb.db import get_session
from factdb.services.errors import DomainError

TRY_AGAIN = (
    "This form had expired, perhaps because you signed in or out in another tab. "
    "Nothing was saved; what you typed is below: check it and send it again."
)


class FormExpiredError(DomainError):
    code = "form_expired"
    http_status = 400


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _rerender_form)
    if not event.contains(Session, "before_flush", _refuse_writes):
        event.listen(Session, "before_flush", _refuse_writes)


def _refuse_writes(session: Session, _context, _instances) -> None:
    if session.info.get("csrf_refused"):
        session.rollback()
        raise FormExpiredError("Nothing was saved: the form had expired.")


def _rerender_form(error: CSRFError):
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or request.path.startswith("/api/"):
        return _plain_refusal(error)
    if request.accept_mimetypes.best == "application/json":
        # A page's script (the presence heartbeat) typed nothing: no form, no message.
        message = f"{error.description} Reload the page and try again."
        return {"error": "csrf", "message": message}, 400
    session = get_session()
    session.info["csrf_refused"] = True
    g.csrf_refused = True
    flash(TRY_AGAIN, "error")
    try:
        response = current_app.make_response(view(**(request.view_args or {})))
    except Exception as raised:  # the view's own refusals: a 404, a domain error
        response = current_app.make_response(current_app.handle_user_exception(raised))
    finally:
        session.rollback()
        session.info.pop("csrf_refused", None)
    if not 300 <= response.status_code < 400:
        response.status_code = 400
    return response


def _plain_refusal(error: CSRFError):
    from factdb.web.errors import error_page

    return error_page(400, f"{error.description} Reload the page and try again.")
