"""Web Annotation export: one W3C annotation per claim, anchored by quote and position."""

import json

from factdb.services.accounts.users import create_token
from factdb.services.review.claims import create_claim


def selectors(annotation: dict) -> dict:
    return {s["type"]: s for s in annotation["target"]["selector"]}


def test_source_annotations_anchor_each_claim_in_the_source_text(
    client, tx, reviewer, source, claim, decide
):
    with tx() as s:
        draft = create_claim(
            s,
            reviewer,
            source_id=source.id,
            kind="statement",
            text="Critics objected.",
            excerpt={"exact": "Critics said the figure was inflated."},
            organization="Lakeside Transit Agency",
        )
    decide(claim.id, "verified", "Mostly true", "Audited count")
    with tx() as s:
        headers = {"Authorization": f"Bearer {create_token(s, reviewer, 't')[1]}"}
    response = client.get(f"/api/v1/sources/{source.id}/annotations", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    page = response.get_json()
    assert page["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert page["type"] == "AnnotationPage"
    by_text = {a["body"][0]["value"]: a for a in page["items"]}
    assert set(by_text) == {claim.text, draft.text}
    verified = by_text[claim.text]
    assert verified["type"] == "Annotation" and verified["motivation"] == "assessing"
    assert verified["target"]["source"] == source.url
    quote, position = selectors(verified).values()
    assert source.text[position["start"] : position["end"]] == quote["exact"]
    assert source.text[: position["start"]].endswith(quote["prefix"])
    assert source.text[position["end"] :].startswith(quote["suffix"])
    assert verified["body"][-1] == {
        "type": "TextualBody",
        "purpose": "assessing",
        "format": "text/plain",
        "value": "verified (Mostly true): Audited count",
    }
    assert client.get("/api/v1/sources/999/annotations", headers=headers).status_code == 404


def test_cli_exports_annotations_of_the_filtered_claims(
    runner, make_source, make_claim, decide, tmp_path
):
    bare = make_source(url=None)
    claim = make_claim(source_id=bare.id)
    decide(claim.id)
    out = tmp_path / "annotations.jsonld"
    result = runner.invoke(args=["export", "--format", "annotations", "--out", str(out)])
    assert result.exit_code == 0, result.output
    collection = json.loads(out.read_text())
    assert collection["type"] == "AnnotationCollection"
    (annotation,) = collection["first"]["items"]
    assert annotation["target"]["source"] == f"urn:sha256:{bare.sha256}"
    assert selectors(annotation)["TextPositionSelector"]["end"] == claim.excerpt_end
    none = runner.invoke(args=["export", "--format", "annotations", "--status", "draft"])
    assert json.loads(none.output)["first"]["items"] == []
