"""The JSON API: every endpoint, every error code, the same rules as the engine."""

import json

import pytest

from factdb.services.accounts.users import create_token


@pytest.fixture
def as_annotator(token_for, annotator):
    return token_for(annotator)


@pytest.fixture
def as_reviewer(token_for, reviewer):
    return token_for(reviewer)


def post(client, url, headers, body):
    return client.post(url, headers=headers, json=body)


def new_claim(client, headers, source, **overrides):
    body = {
        "source_id": source,
        "kind": "figure",
        "text": "Ridership rose 14 per cent in 2023.",
        "organization": "LTA",
        "excerpt": {"exact": "ridership rose 14 per cent in 2023"},
        "value": {"amount": 14, "unit": "%"},
    }
    body.update(overrides)
    return post(client, "/api/v1/claims", headers, body)


def test_requests_without_a_valid_token_get_401_json(client):
    for headers in ({}, {"Authorization": "Bearer fdb_wrong"}, {"Authorization": "Basic x"}):
        response = client.get("/api/v1/claims", headers=headers)
        assert response.status_code == 401
        assert response.json["error"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_api_neither_reads_nor_sets_the_browser_session_cookie(
    client, auth, annotator, as_annotator
):
    auth.login(annotator)
    # Signed in in the browser: the cookie alone is no API credential.
    assert client.get("/api/v1/claims").status_code == 401
    response = client.get("/api/v1/claims", headers=as_annotator)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    # The web pages still read it.
    assert client.get("/claims").status_code == 200


def test_revoked_token_and_deactivated_user_are_refused(client, tx, annotator, editor):
    from factdb.services.accounts.users import revoke_token, set_active

    with tx() as s:
        record, secret = create_token(s, annotator)
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/sources", headers=headers).status_code == 200
    with tx() as s:
        revoke_token(s, annotator, record.id)
    assert client.get("/api/v1/sources", headers=headers).status_code == 401
    with tx() as s:
        _, secret = create_token(s, annotator)
        set_active(s, editor, annotator.id, False)
    assert (
        client.get("/api/v1/sources", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 401
    )


def test_post_source_returns_id_and_sha256(client, as_annotator):
    response = post(
        client,
        "/api/v1/sources",
        as_annotator,
        {
            "title": "Budget speech",
            "text": "The deficit fell to 2.1 per cent.",
            "published": "2024-02-01",
            "url": "https://gov.example.org/budget",
        },
    )
    assert response.status_code == 201
    assert len(response.json["sha256"]) == 64
    detail = client.get(f"/api/v1/sources/{response.json['id']}", headers=as_annotator).json
    assert detail["text"] == "The deficit fell to 2.1 per cent." and detail["claims"] == []


def test_duplicate_source_is_a_conflict(client, as_annotator, source):
    response = post(client, "/api/v1/sources", as_annotator, {"title": "x", "text": source.text})
    assert response.status_code == 409
    assert response.json["error"] == "duplicate"


def test_sources_list_pages_with_a_cursor(client, as_annotator, make_source):
    for _ in range(3):
        make_source()
    first = client.get("/api/v1/sources?limit=2", headers=as_annotator)
    assert len(first.json["items"]) == 2 and first.json["next_cursor"]
    assert 'rel="next"' in first.headers["Link"]
    second = client.get(
        f"/api/v1/sources?limit=2&cursor={first.json['next_cursor']}", headers=as_annotator
    )
    assert len(second.json["items"]) == 1 and second.json["next_cursor"] is None


def test_post_claim_matches_organization_alias_case_insensitively(client, as_annotator, source, tx):
    from factdb.services.review.organizations import add_alias, resolve_organization

    with tx() as s:
        add_alias(s, resolve_organization(s, "Lakeside Transit Agency"), "LTA")
    response = new_claim(client, as_annotator, source.id, organization="lta")
    assert response.status_code == 201, response.json
    claim = response.json
    assert claim["organization"] == "Lakeside Transit Agency"
    assert claim["status"] == "draft" and claim["version"] == 1
    assert claim["excerpt"]["exact"] == "ridership rose 14 per cent in 2023"
    assert claim["value"]["amount"] == "14"
    assert [t["to"] for t in claim["allowed_transitions"]] == ["submitted", "retracted"]


def test_post_claim_with_offsets(client, as_annotator, source):
    start = source.text.index("three new stations")
    response = new_claim(
        client,
        as_annotator,
        source.id,
        excerpt={"start": start, "end": start + 18},
        kind="figure",
        value={"amount": "3", "unit": "stations"},
    )
    assert response.status_code == 201
    assert response.json["excerpt"]["exact"] == "three new stations"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"source": "1"}, "source_id"),
        ({"excerpt": {"exact": "x", "page": 2}}, "excerpt.page"),
        ({"kind": "rumour"}, "kind"),
        ({"text": None}, "text"),
    ],
)
def test_post_claim_refuses_unknown_fields_and_wrong_types(
    client, as_annotator, source, body, field
):
    if "source" in body:
        response = new_claim(client, as_annotator, body["source"])
    else:
        response = new_claim(client, as_annotator, source.id, **body)
    assert response.status_code == 422
    assert response.json["error"] == "invalid"
    assert field in response.json["fields"]


def test_excerpt_not_in_source_is_422(client, as_annotator, source):
    response = new_claim(client, as_annotator, source.id, excerpt={"exact": "not in the text"})
    assert response.status_code == 422 and response.json["error"] == "invalid_excerpt"


def test_malformed_json_is_400(client, as_annotator):
    response = client.post(
        "/api/v1/claims",
        data="{not json",
        headers={**as_annotator, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json["error"] == "malformed_json"


def test_body_over_the_limit_is_413_json(client, as_annotator, app):
    app.config["API_MAX_BODY"] = 1000
    response = post(client, "/api/v1/sources", as_annotator, {"title": "big", "text": "x" * 2000})
    assert response.status_code == 413
    assert response.json["error"] == "too_large"


def test_unknown_ids_and_urls_are_404_json(client, as_annotator):
    for url in ("/api/v1/claims/999", "/api/v1/sources/999", "/api/v1/nothing-here"):
        response = client.get(url, headers=as_annotator)
        assert response.status_code == 404 and response.json["error"] == "not_found"


def test_wrong_method_is_405_json(client, as_annotator):
    response = client.delete("/api/v1/claims", headers=as_annotator)
    assert response.status_code == 405 and response.json["error"] == "method_not_allowed"


def new_date_claim(client, headers, source):
    return new_claim(
        client,
        headers,
        source,
        kind="date",
        text="Stations open by June 2026.",
        excerpt={"exact": "by June 2026"},
        value={"date": "2026-06"},
    )


def test_full_review_through_the_api(client, as_annotator, as_reviewer, source):
    claim = new_claim(client, as_annotator, source.id).json
    url = f"/api/v1/claims/{claim['id']}"
    submitted = post(client, url + "/transitions", as_annotator, {"to": "submitted", "version": 1})
    assert submitted.status_code == 200 and submitted.json["status"] == "submitted"
    taken = post(client, url + "/transitions", as_reviewer, {"to": "in_review", "version": 2}).json
    assert taken["assignee"]["name"] == "Rui Reviewer"
    refused = post(
        client, url + "/transitions", as_reviewer, {"to": "verified", "version": 3, "note": "ok"}
    )
    assert refused.status_code == 422 and refused.json["error"] == "missing_evidence"
    cited = post(
        client,
        url + "/citations",
        as_reviewer,
        {"url": "https://stats.example.org/2023", "stance": "supports", "quote": "Up 14%."},
    )
    assert cited.status_code == 201 and cited.json["stance"] == "supports"
    commented = post(client, url + "/comments", as_reviewer, {"body": "Checked the table."})
    assert commented.status_code == 201
    verified = post(
        client, url + "/transitions", as_reviewer, {"to": "verified", "version": 3, "note": "ok"}
    )
    assert verified.status_code == 200
    detail = client.get(url, headers=as_reviewer).json
    assert detail["status"] == "verified" and detail["decided_by"]["name"] == "Rui Reviewer"
    assert [h["action"] for h in detail["history"]] == [
        "created",
        "transition",
        "transition",
        "citation_added",
        "comment_added",
        "transition",
    ]
    assert len(detail["citations"]) == 1 and len(detail["comments"]) == 1


def test_transition_errors_map_to_403_409_422(
    client, token_for, as_annotator, source, reviewer, annotator, make_user
):
    claim = new_claim(client, as_annotator, source.id).json
    url = f"/api/v1/claims/{claim['id']}/transitions"
    role = post(client, url, token_for(make_user("annotator")), {"to": "submitted", "version": 1})
    assert role.status_code == 403 and role.json["error"] == "forbidden"
    invalid = post(client, url, as_annotator, {"to": "verified", "version": 1, "note": "x"})
    assert invalid.status_code == 422 and invalid.json["error"] == "invalid_transition"
    post(client, url, as_annotator, {"to": "submitted", "version": 1})
    stale = post(client, url, as_annotator, {"to": "retracted", "version": 1})
    assert stale.status_code == 409 and stale.json["error"] == "stale_version"
    assert stale.json["current_version"] == 2


def test_four_eyes_is_403(client, as_reviewer, source):
    claim = new_claim(client, as_reviewer, source.id).json
    url = f"/api/v1/claims/{claim['id']}/transitions"
    post(client, url, as_reviewer, {"to": "submitted", "version": 1})
    response = post(client, url, as_reviewer, {"to": "in_review", "version": 2})
    assert response.status_code == 403 and response.json["error"] == "four_eyes"
    assert "You created this claim" in response.json["message"]


def test_patch_claim_needs_current_version(client, as_annotator, source):
    claim = new_claim(client, as_annotator, source.id).json
    url = f"/api/v1/claims/{claim['id']}"
    edited = client.patch(url, headers=as_annotator, json={"version": 1, "text": "Up 14%."})
    assert edited.status_code == 200 and edited.json["version"] == 2
    stale = client.patch(url, headers=as_annotator, json={"version": 1, "text": "Again"})
    assert stale.status_code == 409
    missing = client.patch(url, headers=as_annotator, json={"text": "No version"})
    assert missing.status_code == 422 and "version" in missing.json["fields"]


def test_claims_list_filters_and_searches(client, as_annotator, source):
    new_claim(client, as_annotator, source.id)
    new_date_claim(client, as_annotator, source.id)
    dates = client.get("/api/v1/claims?kind=date", headers=as_annotator).json["items"]
    assert [c["value"]["precision"] for c in dates] == ["month"]
    found = client.get("/api/v1/claims?q=stations", headers=as_annotator).json["items"]
    assert [c["kind"] for c in found] == ["date"]
    by_org = client.get("/api/v1/claims?organization=lta", headers=as_annotator)
    assert len(by_org.json["items"]) == 2
    bad = client.get("/api/v1/claims?status=approved", headers=as_annotator)
    assert bad.status_code == 422


def test_editor_assigns_through_the_api(client, token_for, as_annotator, source, editor, reviewer):
    claim = new_claim(client, as_annotator, source.id).json
    url = f"/api/v1/claims/{claim['id']}"
    post(client, url + "/transitions", as_annotator, {"to": "submitted", "version": 1})
    response = post(
        client, url + "/assignment", token_for(editor), {"assignee_id": reviewer.id, "version": 2}
    )
    assert response.status_code == 200 and response.json["assignee"]["id"] == reviewer.id
    refused = post(
        client, url + "/assignment", as_annotator, {"assignee_id": reviewer.id, "version": 3}
    )
    assert refused.status_code == 403


def test_organizations_list_with_aliases(client, as_annotator, tx):
    from factdb.services.review.organizations import add_alias, resolve_organization

    with tx() as s:
        add_alias(s, resolve_organization(s, "World Health Organization"), "WHO")
    items = client.get("/api/v1/organizations", headers=as_annotator).json["items"]
    assert items == [
        {"id": items[0]["id"], "name": "World Health Organization", "aliases": ["WHO"]}
    ]


def test_openapi_document_lists_every_api_route(client, app):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    documented = {
        (method.upper(), path) for path, methods in spec["paths"].items() for method in methods
    }
    routed = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            path = (
                rule.rule[len("/api/v1") :]
                .replace("<int:", "{")
                .replace("<", "{")
                .replace(">", "}")
            )
            routed |= {(m, path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == routed


def test_docs_page_is_served_without_external_assets(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert b"POST /api/v1/claims/{claim_id}/transitions" in page.data
    assert b"http://" not in page.data.replace(b"http://localhost", b"")


def test_token_cli_create_list_revoke(runner, client, annotator):
    created = runner.invoke(args=["token", "create", annotator.email, "--name", "CMS"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("fdb_")
    assert (
        client.get("/api/v1/sources", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 200
    )
    listed = runner.invoke(args=["token", "list", annotator.email])
    assert "CMS" in listed.stdout and secret not in listed.stdout
    token_id = listed.stdout.split()[0]
    assert runner.invoke(args=["token", "revoke", token_id]).exit_code == 0
    assert (
        client.get("/api/v1/sources", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 401
    )


def test_token_cli_unknown_user(runner):
    result = runner.invoke(args=["token", "create", "nobody@example.org"])
    assert result.exit_code == 1 and result.stderr.startswith("error: No user")


def test_only_the_token_hash_is_stored(tx, session, annotator):
    from sqlmodel import select

    from factdb.models import ApiToken

    with tx() as s:
        _, secret = create_token(s, annotator)
    stored = session.exec(select(ApiToken)).one()
    assert secret not in json.dumps(stored.model_dump(), default=str)


def test_claims_list_reads_people_and_organizations_once_per_page(
    client, as_annotator, make_claim, engine
):
    from sqlalchemy import event

    def statements_for_a_page() -> int:
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/api/v1/claims", headers=as_annotator).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    make_claim(text="The first claim.")
    statements_for_a_page()  # the token's first use is recorded once
    one = statements_for_a_page()
    for n in range(5):
        make_claim(text=f"Claim {n}.", organization=f"Organization {n}")
    assert statements_for_a_page() == one


def test_source_detail_lists_its_claims_with_their_organizations(client, as_annotator, make_claim):
    claim = make_claim()
    body = client.get(f"/api/v1/sources/{claim.source_id}", headers=as_annotator).json
    assert [(c["id"], c["organization"]) for c in body["claims"]] == [
        (claim.id, "Lakeside Transit Agency")
    ]
    assert body["claims"][0]["created_by"]["name"] == "Ana Annotator"


def test_the_api_docs_name_parameter_types_and_set_backticks_as_code(client):
    page = client.get("/api/docs").get_data(as_text=True)
    assert "string of" not in page
    assert "`" not in page
    assert "<td>integer</td>" in page
    assert "string (date)" in page
    assert "array of string (one of: draft, submitted, in_review" in page
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in page


def test_claims_list_items_are_the_claim_detail_byte_for_byte(client, as_annotator, source, tx):
    """The list reads plain rows with the names joined; the detail reads the claim page. Both
    must write the same Claim: same keys, order, escaping and values."""
    from factdb.models import Source

    with tx() as session:
        stored = session.get(Source, source.id)
        half = len(stored.text) // 2
        stored.page_map = [
            {"page": 1, "start": 0, "end": half},
            {"page": 2, "start": half, "end": len(stored.text)},
        ]
    new_claim(client, as_annotator, source.id, text="Fahrgäste: +14 % — “record”")
    new_date_claim(client, as_annotator, source.id)
    listed = client.get("/api/v1/claims?limit=200", headers=as_annotator)
    items = listed.json["items"]
    # Non-ASCII text is written as UTF-8, not as \u escapes.
    assert len(items) == 2 and "Fahrgäste: +14 % — “record”" in listed.get_data(as_text=True)
    assert {item["excerpt"]["page"] for item in items} <= {1, 2}
    for item in items:
        detail = client.get(f"/api/v1/claims/{item['id']}", headers=as_annotator).json
        for key in ("citations", "comments", "history", "allowed_transitions"):
            del detail[key]
        assert json.dumps(item) == json.dumps(detail)
    searched = client.get("/api/v1/claims?q=stations", headers=as_annotator).json["items"]
    assert searched == [i for i in items if i["kind"] == "date"]
