"""factdb: a fact-tracking claims database with a review workflow."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from factdb import db, security
from factdb.extensions import csrf, login_manager
from factdb.resources import load_config_module, resource_dir

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
    security.refuse_weak_secret(app)

    # Ids in URLs are database integers: anything larger simply does not exist (404).
    app.url_map.converters["int"] = DatabaseIdConverter
    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)

    from factdb import api, cli, web

    web.init_app(app)
    api.init_app(app)
    cli.init_app(app)
    return app


class DatabaseIdConverter(IntegerConverter):
    """``<int:…>`` limited to the range a database integer column can hold."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)
