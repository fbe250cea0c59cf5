"""JSON responses are written by orjson but read back exactly as Flask's own provider wrote
them, including what orjson cannot write itself."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask.json.provider import DefaultJSONProvider

from factdb.json_provider import FastJSONProvider


@dataclass
class Point:
    x: int


VALUES = [
    {"b": 1, "a": {"d": [1, 2.5, None, True], "c": "Fahrgäste “record”"}},
    {"amount": Decimal("4200000000.50"), "day": date(2026, 3, 3)},
    {"at": datetime(2026, 3, 3, 9, 30, tzinfo=UTC), "point": Point(3)},
    2**70,  # beyond 64 bits: orjson refuses, Flask writes it
    {"text": "lone \ud800 surrogate"},  # not UTF-8: Flask escapes it
    {1: "a key that is not a string"},
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_responses_read_back_as_flasks_own(app, value):
    assert isinstance(app.json, FastJSONProvider)
    with app.test_request_context():
        ours = app.json.response(value)
        flasks = DefaultJSONProvider(app).response(value)
    assert ours.mimetype == "application/json"
    assert json.loads(ours.get_data()) == json.loads(flasks.get_data())
    assert app.json.loads(app.json.dumps(value)) == json.loads(flasks.get_data())


def test_responses_are_compact_sorted_utf8(app):
    with app.test_request_context():
        body = app.json.response({"b": "é", "a": 1}).get_data()
    assert body == '{"a":1,"b":"é"}\n'.encode()


def test_debug_output_is_indented_as_flask_writes_it(app):
    app.debug = True
    try:
        with app.test_request_context():
            body = app.json.response({"b": 1, "a": 2}).get_data(as_text=True)
    finally:
        app.debug = False
    assert body == '{\n  "a": 2,\n  "b": 1\n}\n'
