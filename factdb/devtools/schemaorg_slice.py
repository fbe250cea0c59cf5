"""Write the slice of the schema.org vocabulary that factdb's ClaimReview output is checked
against (tests/data/schemaorg-slice.jsonld): the classes it writes with their superclasses,
the data types, and every property whose domain includes one of those classes.

Usage: python -m factdb.devtools.schemaorg_slice ../shared/vocab/schemaorg-current-https.jsonld
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CLASSES = ("ClaimReview", "Claim", "Rating", "CreativeWork", "Organization", "Person")
CLASSES += ("DataFeed", "DataFeedItem", "ImageObject", "WebPage", "Language")
DATA_TYPES = ("DataType", "Text", "URL", "Date", "DateTime", "Number", "Integer", "Boolean")
KEPT = ("@id", "@type", "rdfs:label", "rdfs:subClassOf", "schema:domainIncludes")
KEPT += ("schema:rangeIncludes", "schema:supersededBy")
OUT = Path(__file__).resolve().parents[2] / "tests" / "data" / "schemaorg-slice.jsonld"


def _ids(value) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    return [v["@id"] for v in values]


def slice_vocabulary(graph: list[dict]) -> list[dict]:
    """The nodes of ``graph`` (schema.org's @graph) the checks need, with labels and
    relations only (comments dropped)."""
    nodes = {node["@id"]: node for node in graph}
    wanted = {f"schema:{name}" for name in CLASSES + DATA_TYPES}
    stack = list(wanted)
    while stack:  # every superclass of a wanted class is wanted
        for parent in _ids(nodes[stack.pop()].get("rdfs:subClassOf")):
            if parent in nodes and parent not in wanted:
                wanted.add(parent)
                stack.append(parent)
    properties = [
        node["@id"]
        for node in graph
        if node.get("@type") == "rdf:Property"
        and set(_ids(node.get("schema:domainIncludes"))) & wanted
    ]
    keep = sorted(wanted) + sorted(properties)
    return [{k: nodes[i][k] for k in KEPT if k in nodes[i]} for i in keep]


def main(argv: list[str]) -> int:
    vocabulary = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    document = {
        "@context": {
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "schema": "https://schema.org/",
        },
        "@graph": slice_vocabulary(vocabulary["@graph"]),
    }
    OUT.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(document['@graph'])} nodes written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
