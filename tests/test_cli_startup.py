"""Starting the command line is cheap: no heavy library is imported and no password is hashed
until a command needs it (every command, and every worker, pays for what starting loads)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Libraries that take long to import, or that only some commands need.
HEAVY_MODULES = (
    "alembic",  # only the commands that migrate need it
    "weasyprint",
    "trafilatura",
    "htmldate",
    "pypdf",
    "httpx",
    "sentence_transformers",
    "torch",
    "numpy",
    "lxml",
    "PIL",
    "fontTools",
    "pyinstrument",
    "extruct",
    "rapidfuzz",
    "huey",
    "nacl",  # signing, for report bundles only
    "zxcvbn",  # password strength: only setting a password (or a production key check) needs it
    "email_validator",  # only reading an e-mail address needs it
)
# Parts of factdb that only some commands need: the suggestion engine compiles its patterns
# on import, so only suggesting (and reading a typed date or figure) loads it.
LAZY_PARTS = ("factdb.services.suggest",)

# Counts password hashes (Werkzeug's, with PBKDF2 or scrypt), starts the CLI as ``factdb --help``
# does (the app is created to list its commands) and reports what it loaded.
START = """
import hashlib, json, sys
calls = []
for name in ("pbkdf2_hmac", "scrypt"):
    real = getattr(hashlib, name)
    setattr(hashlib, name, lambda *a, real=real, **k: calls.append(1) or real(*a, **k))
from factdb.entry import main
try:
    main(sys.argv[1:] or ["--help"], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps({"modules": sorted(sys.modules), "hashes": len(calls)}))
"""


def start_cli(tmp_path: Path, *args: str) -> dict:
    repo = Path(__file__).resolve().parents[1]
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(repo),
        "FACTDB_DATABASE_URL": f"sqlite:///{tmp_path / 'start.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", START, *args], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("command", [["--help"], ["export", "--help"], ["user", "--help"]])
def test_starting_the_cli_loads_no_heavy_module_and_hashes_nothing(tmp_path, command):
    started = start_cli(tmp_path, *command)
    assert "factdb.cli" in started["modules"]
    loaded = {name.partition(".")[0] for name in started["modules"]}
    assert sorted(loaded & set(HEAVY_MODULES)) == []
    assert [m for m in started["modules"] if m.startswith(LAZY_PARTS)] == []
    assert started["hashes"] == 0


# What only serving pages needs: the form library, the page and API blueprints.
PAGE_MODULES = ("flask_wtf", "wtforms", "factdb.web", "factdb.api", "factdb.csrf")


def test_starting_an_export_loads_no_form_library_and_no_page_or_api_module(tmp_path):
    started = start_cli(tmp_path, "export", "--help")
    assert "factdb.services.reports" in started["modules"]
    loaded = [m for m in started["modules"] if m.startswith(PAGE_MODULES)]
    assert loaded == []


@pytest.mark.parametrize(
    ("command", "serves_pages"),
    [("export", False), ("user", False), ("serve", True), ("worker", True)],
)
def test_only_commands_that_serve_no_request_start_an_app_without_pages(
    monkeypatch, tmp_path, command, serves_pages
):
    from flask.cli import ScriptInfo

    from factdb import create_app
    from factdb.entry import main

    monkeypatch.setenv("FACTDB_ENV", "testing")
    monkeypatch.setenv("FACTDB_DATABASE_URL", f"sqlite:///{tmp_path / 'routes.sqlite3'}")
    info = ScriptInfo(create_app=create_app)
    with main.make_context("factdb", [command, "--help"], obj=info, resilient_parsing=True) as ctx:
        assert main.get_command(ctx, command) is not None
        rules = {rule.rule for rule in info.load_app().url_map.iter_rules()}
    assert ("/api/v1/claims" in rules) is serves_pages
    assert ("/login" in rules) is serves_pages


def test_signing_in_an_unknown_email_still_hashes_once(session):
    from factdb.services.accounts import users

    users._dummy_user.cache_clear()
    assert users.authenticate(session, "nobody@example.org", "whatever it is") is None
    assert users._dummy_user.cache_info().currsize == 1
