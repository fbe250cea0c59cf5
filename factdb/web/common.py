"""Small helpers shared by the web blueprints."""

from __future__ import annotations

from flask import render_template
from flask_wtf import FlaskForm

from factdb.services.bounds import MAX_DB_INTEGER, fits_db_integer
from factdb.services.errors import DomainError, ValidationError


def int_or_none(value) -> int | None:
    """``value`` as a whole number, None when it is not one; a number no database INTEGER
    holds is refused (ValidationError, 422) before it reaches a query."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    if not fits_db_integer(number):
        raise ValidationError(
            f"A number in the request is out of range: whole numbers here go up to "
            f"{MAX_DB_INTEGER}.",
            {"number": "out of range"},
        )
    return number


def show_refusal(form: FlaskForm | None, error: DomainError, field_map: dict | None = None):
    """Put a refused action's message on the form: beside the fields it names, else on top."""
    if form is None:
        return
    for name, problem in (getattr(error, "fields", None) or {}).items():
        target = (field_map or {}).get(name, name)
        field = getattr(form, target, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors or []), problem]


def refused(template: str, error: DomainError, **context):
    """Re-render a page with the engine's message and the user's input, with the error status
    (so the request's transaction rolls back)."""
    return render_template(template, error=error, **context), error.http_status
