"""factdb: a fact-tracking claims database with a review workflow."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from factdb import db, security
from factdb.extensions import csrf, limiter, login_manager
from factdb.inputs import ClientRequest
from factdb.resources import load_config_module, resource_dir
from factdb.services.bounds import MAX_DB_INTEGER

__version__ = "0.1.0"


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
    _refuse_default_secret(app, settings.DEFAULT_SECRET_KEY)

    # Ids in URLs are database integers: anything larger simply does not exist (404).
    app.url_map.converters["int"] = DatabaseIdConverter
    app.request_class = ClientRequest
    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    security.init_app(app)

    from factdb import api, cli, web

    web.init_app(app)
    api.init_app(app)
    cli.init_app(app)
    return app


class DatabaseIdConverter(IntegerConverter):
    """``<int:…>`` limited to the ids a database INTEGER column can hold (int4 on PostgreSQL)."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_DB_INTEGER)
        super().__init__(url_map, *args, **kwargs)


def _refuse_default_secret(app: Flask, default: str) -> None:
    if app.config["ENV_NAME"] == "production" and app.config["SECRET_KEY"] in (default, "", None):
        raise RuntimeError(
            "FACTDB_SECRET_KEY must be set to a long random value in production "
            '(python -c "import secrets; print(secrets.token_hex(32))").'
        )
