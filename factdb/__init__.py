"""factdb: a fact-tracking claims database with a review workflow."""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from factdb import db, security
from factdb.extensions import csrf, login_manager
from factdb.inputs import ClientRequest
from factdb.models.base import MAX_ID
from factdb.resources import load_config_module, resource_dir
from factdb.version import __version__

__all__ = ["__version__", "create_app"]


def create_app(test_config: dict | None = None) -> Flask:
    """The application factory: settings, database, sign-in, CSRF, blueprints and CLI."""
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
    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)

    from factdb import api, cli, tasks, web

    web.init_app(app)
    api.init_app(app)
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
