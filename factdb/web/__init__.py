"""The reviewer web UI: one blueprint per area, registered by ``init_app``."""

from flask import Flask

from factdb.web import reports


def init_app(app: Flask) -> None:
    app.register_blueprint(reports.bp)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}
