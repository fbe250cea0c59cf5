"""Property-based API testing against our own OpenAPI document (bounded in examples and time)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from factdb import create_app
from factdb.db import get_engine, session_scope
from factdb.demo import load_demo
from factdb.services.accounts.users import create_token, user_by_email

# Conformance checks. Auth checks are left out because the test itself sends a valid token.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]
ROLES = ("annotator", "editor")


@pytest.fixture(scope="module")
def api_app(tmp_path_factory, migrated_template):
    import shutil

    if "url" in migrated_template:
        pytest.skip("runs on SQLite only (the PostgreSQL pass covers the API through test_api)")
    path = tmp_path_factory.mktemp("schemathesis") / "api.sqlite3"
    shutil.copy(migrated_template["path"], path)
    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": f"sqlite:///{path}"})
    tokens = {}
    with session_scope(get_engine(app)) as session:
        load_demo(session)
        for role in ROLES:
            user = user_by_email(session, f"{role}@example.org")
            tokens[role] = create_token(session, user)[1]
    app.config["TEST_TOKENS"] = tokens
    return app


@pytest.mark.parametrize("role", ROLES)
def test_api_conforms_to_its_openapi_document(api_app, role):
    """Every operation, fed generated input with an annotator's and an editor's token: no 500
    and no response the document contradicts."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", api_app)
    headers = {"Authorization": f"Bearer {api_app.config['TEST_TOKENS'][role]}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call(headers=headers)
            assert response.status_code < 500, (case.method, case.path, response.text[:300])
            case.validate_response(response, checks=CHECKS)

        check()
