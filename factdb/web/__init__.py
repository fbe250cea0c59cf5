"""The reviewer web UI: one blueprint per area, registered by ``init_app``."""

from flask import Flask


def init_app(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}
