"""Where client text enters the app: query strings and form fields pass through the one rule
for client text (``drop_unstorable``) before any view reads them."""

from __future__ import annotations

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

from factdb.services.sources.text import drop_unstorable


class ClientParameters(ImmutableMultiDict):
    """Query and form parameters with NUL and lone surrogates dropped from names and values."""

    def __init__(self, mapping=None) -> None:
        if isinstance(mapping, list | tuple):
            mapping = [(_clean(key), _clean(value)) for key, value in mapping]
        super().__init__(mapping)


def _clean(value):
    return drop_unstorable(value) if isinstance(value, str) else value


class ClientRequest(Request):
    parameter_storage_class = ClientParameters
