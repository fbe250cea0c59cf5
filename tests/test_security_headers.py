"""Every response carries headers that keep scripts, frames and sniffing out."""


def test_security_headers_on_every_response(client):
    for path in ("/healthz", "/no-such-page"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_production_refuses_the_default_secret_key(monkeypatch, tmp_path):
    import pytest

    from factdb import create_app

    monkeypatch.delenv("FACTDB_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="FACTDB_SECRET_KEY"):
        create_app({"ENV_NAME": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/p.db"})
    app = create_app(
        {
            "ENV_NAME": "production",
            "DATABASE_URL": f"sqlite:///{tmp_path}/p.db",
            "SECRET_KEY": "658624a9e02ff1eef6ec8a446d2e8cd4606321848092ac0c157aae3baf0395da",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
