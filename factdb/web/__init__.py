"""The reviewer web UI: one blueprint per area, registered by ``init_app``."""

from flask import Flask

from factdb.models import ClaimStatus
from factdb.web import (
    account,
    admin,
    auth,
    claim_list,
    claims,
    csrf_refusal,
    dashboard,
    errors,
    evidence,
    factchecks,
    imports,
    jobs,
    notifications,
    public,
    publishing,
    reports,
    revisions,
    sources,
    suggestions,
    tracking,
)


def init_app(app: Flask) -> None:
    for module in (
        auth,
        dashboard,
        sources,
        claims,
        claim_list,
        admin,
        reports,
        suggestions,
        tracking,
    ):
        app.register_blueprint(module.bp)
    app.register_blueprint(imports.bp)
    for module in (publishing, public, factchecks):
        app.register_blueprint(module.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(revisions.bp)
    errors.init_app(app)
    app.register_blueprint(account.bp)
    app.register_blueprint(evidence.bp)
    csrf_refusal.init_app(app)
    notifications.init_app(app)

    @app.context_processor
    def _statuses():
        return {"STATUSES": list(ClaimStatus)}

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}
