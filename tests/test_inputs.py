"""Typed service inputs: one declaration of each field's limit for the services, the API's
validation, its OpenAPI document and the columns."""

import pytest

from factdb.api.openapi import body_schema, openapi_document
from factdb.api.registry import OPERATIONS
from factdb.models import Citation, Claim, Organization, Source, limits
from factdb.services.accounts.users import create_token
from factdb.services.errors import ValidationError
from factdb.services.inputs import Input
from factdb.services.review.claims import create_claim, edit_claim
from factdb.services.review.inputs import ExcerptInput, NewClaim, ValueInput
from factdb.services.sources.inputs import NewSource


@pytest.fixture
def api(tx, annotator) -> dict:
    with tx() as s:
        _, secret = create_token(s, annotator, "tests")
    return {"Authorization": f"Bearer {secret}"}


def test_every_api_body_is_a_service_input_model_and_its_schema():
    document = openapi_document()
    bodies = [op for op in OPERATIONS if op.body is not None]
    assert len(bodies) >= 7
    for op in bodies:
        assert issubclass(op.body, Input), op.body_name
        assert document["components"]["schemas"][op.body_name] == body_schema(op.body)


def column_length(model, name: str) -> int:
    return model.__table__.c[name].type.length


def test_a_limit_is_the_same_in_the_schema_the_model_and_the_column():
    schemas = openapi_document()["components"]["schemas"]
    claim = schemas["ClaimCreate"]["properties"]
    citation = schemas["CitationCreate"]["properties"]
    source = schemas["SourceCreate"]["properties"]
    assert claim["text"]["maxLength"] == limits.CLAIM_TEXT
    assert claim["value"]["properties"]["unit"]["maxLength"] == limits.UNIT
    assert column_length(Claim, "unit") == limits.UNIT
    assert claim["excerpt"]["properties"]["prefix"]["maxLength"] == limits.EXCERPT_CONTEXT
    assert column_length(Claim, "excerpt_prefix") == limits.EXCERPT_CONTEXT
    assert claim["organization"]["maxLength"] == limits.ORGANIZATION_NAME
    assert column_length(Organization, "name") == limits.ORGANIZATION_NAME
    assert citation["url"]["maxLength"] == limits.URL == column_length(Citation, "url")
    assert source["title"]["maxLength"] == limits.TITLE == column_length(Source, "title")


def test_api_refuses_a_claim_text_one_character_over_the_limit(client, api, source):
    body = {
        "source_id": source.id,
        "kind": "figure",
        "text": "x" * (limits.CLAIM_TEXT + 1),
        "excerpt": {"exact": "ridership rose 14 per cent in 2023"},
        "value": {"amount": "14"},
    }
    refused = client.post("/api/v1/claims", headers=api, json=body)
    assert refused.status_code == 422
    assert refused.json["fields"] == {"text": f"at most {limits.CLAIM_TEXT} characters"}
    body["text"] = "x" * limits.CLAIM_TEXT
    assert client.post("/api/v1/claims", headers=api, json=body).status_code == 201


def test_api_names_nested_fields_and_nulls(client, api, claim):
    response = client.patch(
        f"/api/v1/claims/{claim.id}",
        headers=api,
        json={"version": 1, "text": None, "excerpt": {"start": "3"}, "value": {"amount": True}},
    )
    assert response.status_code == 422
    assert response.json["fields"] == {
        "text": "may not be null",
        "excerpt.start": "must be an integer",
        "value.amount": "must be a number or a string",
    }


@pytest.mark.parametrize("version", [0, 2**31, True])
def test_api_refuses_a_version_no_claim_can_have(client, api, claim, version):
    response = client.patch(
        f"/api/v1/claims/{claim.id}", headers=api, json={"version": version, "text": "New."}
    )
    assert response.status_code == 422 and "version" in response.json["fields"]


def test_web_form_shows_the_model_limit_beside_the_field(client, auth, annotator, source):
    auth.login(annotator)
    response = client.post(
        f"/sources/{source.id}/claims/new",
        data={
            "kind": "statement",
            "text": "The agency said so.",
            "exact": "x" * (limits.EXCERPT_EXACT + 1),
            "organization": "Lakeside Transit Agency",
        },
    )
    assert response.status_code == 422
    assert f"at most {limits.EXCERPT_EXACT} characters" in response.get_data(as_text=True)


def test_services_take_the_models_or_mappings_validated_into_them(tx, annotator, source):
    with tx() as s:
        made = create_claim(
            s,
            annotator,
            source_id=source.id,
            kind="figure",
            text="Ridership rose.",
            excerpt=ExcerptInput(exact="ridership rose 14 per cent in 2023"),
            value=ValueInput(amount="14", unit="%"),
        )
    assert (made.excerpt_exact, made.unit) == ("ridership rose 14 per cent in 2023", "%")
    with pytest.raises(ValidationError) as refused, tx() as s:
        create_claim(
            s,
            annotator,
            source_id=source.id,
            kind="figure",
            text="Ridership rose.",
            excerpt={"exact": 14},
            value={"amount": "14"},
        )
    assert refused.value.fields == {"excerpt.exact": "must be a string"}


def test_edit_refuses_fields_a_claim_cannot_change(tx, annotator, claim):
    with pytest.raises(ValidationError) as refused, tx() as s:
        edit_claim(s, annotator, claim.id, 1, {"status": "verified"})
    assert refused.value.fields == {"status": "unknown field"}


def test_value_fields_of_another_kind_are_still_refused_by_the_service(tx, annotator, claim):
    with pytest.raises(ValidationError, match="has no field speaker"), tx() as s:
        edit_claim(s, annotator, claim.id, 1, {"value": {"amount": "3", "speaker": "Mara"}})


def test_input_models_refuse_unknown_fields_and_coerce_nothing():
    with pytest.raises(Exception, match="extra"):
        NewSource(title="t", text="x", colour="red")
    with pytest.raises(Exception, match="string"):
        NewClaim(source_id=1, kind="figure", text=5, excerpt={})
