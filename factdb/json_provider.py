"""JSON responses written by orjson: the same documents as Flask's own provider (keys sorted,
compact, dates, decimals and dataclasses as Flask writes them), several times faster to encode;
non-ASCII text is written as UTF-8 rather than as ``\\u`` escapes. Request bodies are still read
by the standard library (its errors are the ones the API reports)."""

from __future__ import annotations

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

# Dates and dataclasses go to Flask's ``default`` (HTTP dates, dicts), as with its provider.
OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
COMPACT = (",", ":")


class FastJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider with orjson writing compact output. What orjson refuses (an
    integer beyond 64 bits, a key that is not a string, a lone surrogate) and indented output
    (debug mode) are written by Flask's provider, so every document it could write still is."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs.keys() <= {"separators"}:
            body = self._orjson(obj)
            if body is not None:
                return body.decode()
        return super().dumps(obj, **kwargs)

    def response(self, *args: Any, **kwargs: Any):
        if (self.compact is None and self._app.debug) or self.compact is False:
            return super().response(*args, **kwargs)
        obj = self._prepare_response_obj(args, kwargs)
        body = self._orjson(obj)
        if body is None:
            body = super().dumps(obj, separators=COMPACT).encode()
        return self._app.response_class(body + b"\n", mimetype=self.mimetype)

    def _orjson(self, obj: Any) -> bytes | None:
        try:
            return orjson.dumps(obj, default=self.default, option=OPTIONS)
        except orjson.JSONEncodeError:
            return None
