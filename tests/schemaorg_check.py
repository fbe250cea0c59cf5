"""Checks JSON-LD against the schema.org vocabulary slice in tests/data: every type exists,
every property exists and is used on a type in its domain, every value is in its range, and
no value is null or empty."""

import json
import re
from pathlib import Path

SLICE = Path(__file__).parent / "data" / "schemaorg-slice.jsonld"
TEXT_TYPES = {"Text", "URL", "Date", "DateTime"}
NUMBER_TYPES = {"Number", "Integer", "Float"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def _names(value) -> set[str]:
    values = value if isinstance(value, list) else [value] if value else []
    return {v["@id"].removeprefix("schema:") for v in values}


class Vocabulary:
    def __init__(self, path: Path = SLICE) -> None:
        graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]
        parents = {}
        self.properties = {}
        for node in graph:
            name = node["@id"].removeprefix("schema:")
            if node.get("@type") == "rdf:Property":
                self.properties[name] = (
                    _names(node.get("schema:domainIncludes")),
                    _names(node.get("schema:rangeIncludes")),
                )
            else:
                parents[name] = _names(node.get("rdfs:subClassOf"))
        self.classes = {name: self._ancestors(name, parents) for name in parents}

    @staticmethod
    def _ancestors(name: str, parents: dict) -> set[str]:
        seen, stack = {name}, [name]
        while stack:
            for parent in parents.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return seen

    def problems(self, node, ranges: set[str] | None = None, path: str = "$") -> list[str]:
        """Everything in ``node`` the vocabulary does not allow (empty when it conforms)."""
        if node is None or node in ("", [], {}) or (isinstance(node, str) and not node.strip()):
            return [f"{path}: empty value"]
        if isinstance(node, list):
            return [p for i, v in enumerate(node) for p in self.problems(v, ranges, f"{path}[{i}]")]
        if isinstance(node, dict):
            return self._object_problems(node, ranges, path)
        return self._scalar_problems(node, ranges or set(), path)

    def _object_problems(self, node: dict, ranges: set[str] | None, path: str) -> list[str]:
        kind = node.get("@type")
        if kind not in self.classes:
            return [f"{path}: unknown type {kind!r}"]
        found = []
        if ranges is not None and not self.classes[kind] & ranges:
            found.append(f"{path}: a {kind} where {sorted(ranges)} is expected")
        for key, value in node.items():
            if key in ("@context", "@type"):
                continue
            if key not in self.properties:
                found.append(f"{path}.{key}: no such property")
                continue
            domains, value_ranges = self.properties[key]
            if not self.classes[kind] & domains:
                found.append(f"{path}.{key}: not a property of {kind}")
            found += self.problems(value, value_ranges, f"{path}.{key}")
        return found

    def _scalar_problems(self, value, ranges: set[str], path: str) -> list[str]:
        if isinstance(value, bool):
            return [] if "Boolean" in ranges else [f"{path}: a boolean where {sorted(ranges)}"]
        if isinstance(value, (int, float)):
            ok = ranges & NUMBER_TYPES or "Text" in ranges
            return [] if ok else [f"{path}: a number where {sorted(ranges)}"]
        if not ranges & TEXT_TYPES:
            return [f"{path}: text where {sorted(ranges)} is expected"]
        if ranges <= {"Date", "DateTime"} and not (DATE.match(value) or DATE_TIME.match(value)):
            return [f"{path}: {value!r} is not an ISO 8601 date"]
        if ranges == {"URL"} and not value.startswith(("http://", "https://")):
            return [f"{path}: {value!r} is not a URL"]
        return []
