"""Where a browser may be sent after signing in: a path on this site, nothing else."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

# Browsers drop tabs and newlines inside URLs and read a backslash as a slash, so
# "/\t/evil.example" and "/\\evil.example" both lead off-site.
_UNSAFE_CHARS = frozenset(chr(c) for c in range(0x20)) | {"\x7f", "\\"}
_MAX_DECODING_ROUNDS = 4


def safe_next_path(target: str | None, default: str) -> str:
    """``target`` when it is a path on this site after full normalization, else ``default``.

    Rules: no control characters, tabs, newlines or backslashes, at any level of
    percent-decoding; starts with one "/" (not "//"); no scheme or host.
    """
    if not target or len(target) > 2000:
        return default
    decoded = target
    for _ in range(_MAX_DECODING_ROUNDS):
        if not _looks_local(decoded):
            return default
        once_more = unquote(decoded)
        if once_more == decoded:
            return target
        decoded = once_more
    return default


def _looks_local(path: str) -> bool:
    if any(char in _UNSAFE_CHARS for char in path):
        return False
    if not path.startswith("/") or path.startswith("//"):
        return False
    parts = urlsplit(path)
    return not parts.scheme and not parts.netloc
