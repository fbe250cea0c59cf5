"""CSRF protection for the pages' forms, created once and bound by ``create_app`` to an app
that serves pages (the API exempts its token-authenticated blueprint). Kept apart from
``factdb.extensions`` so that command-line work imports no form library."""

from flask_wtf import CSRFProtect

csrf = CSRFProtect()
