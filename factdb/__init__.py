"""factdb: a fact-tracking claims database with a review workflow."""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from factdb import db, security
from factdb.extensions import login_manager
from factdb.inputs import ClientRequest
from factdb.json_provider import FastJSONProvider
from factdb.models.base import MAX_ID
from factdb.resources import load_config_module, resource_dir
from factdb.version import __version__

__all__ = ["__version__", "create_app"]


def create_app(test_config: dict | None = None, *, web: bool = True) -> Flask:
    """The application factory: settings, database, sign-in, CSRF, blueprints and CLI.

    ``web=False`` leaves out the pages and the API (their blueprints, forms and CSRF), for
    command-line work that serves no request: such an app has no routes to build URLs for."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
    )
    settings = load_config_module()
    env_name = (test_config or {}).get("ENV_NAME")
    app.config.from_object(settings.config_class(env_name))
    app.config.from_prefixed_env("FACTDB")
    if test_config:
        app.config.update(test_config)
    security.refuse_weak_secret(app)

    # Ids in URLs are database integers: anything larger simply does not exist (404).
    app.url_map.converters["int"] = DatabaseIdConverter
    app.request_class = ClientRequest
    app.json = FastJSONProvider(app)
    db.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    if web:
        from factdb import api
        from factdb import web as pages
        from factdb.csrf import csrf

        csrf.init_app(app)
        pages.init_app(app)
        api.init_app(app)

    from factdb import cli, tasks

    cli.init_app(app)
    tasks.init_app(app)
    return app


class DatabaseIdConverter(IntegerConverter):
    """``<int:…>`` for database ids: a number no id column can hold is Not Found (404) for
    every method, rather than no route at all (which Werkzeug may answer with 405)."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_ID:
            raise NotFound()
        return number
