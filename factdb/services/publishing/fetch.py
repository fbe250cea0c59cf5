"""Fetching a fact-check page or file by URL, guarded: http(s) only, public addresses only
(every redirect checked again), bounded size and time."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from factdb.services.errors import ValidationError

MAX_REDIRECTS = 5
USER_AGENT = "factdb (fact-check import)"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str


def _check_address(url: str, allow_private: bool) -> None:
    """Rules: http or https; the host resolves, and only to public addresses unless
    ``allow_private`` (ValidationError naming the URL otherwise)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValidationError(f"Only http(s) URLs can be fetched: {url[:200]}", {"url": "scheme"})
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise ValidationError(
            f"The host {parts.hostname} cannot be found.", {"url": "dns"}
        ) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not address.is_global:
            raise ValidationError(
                f"{parts.hostname} is a private or local address; only public sites are fetched.",
                {"url": "private address"},
            )


def fetch_document(
    url: str, *, max_bytes: int, timeout: float = 15.0, allow_private: bool = False
) -> Fetched:
    """The body of ``url`` after at most 5 redirects, each checked like the first.

    Rules: see ``_check_address``; the body is at most ``max_bytes`` bytes; a non-2xx
    answer, a timeout or a network failure is a ValidationError saying which.
    """
    with httpx.Client(
        follow_redirects=False, timeout=timeout, headers={"User-Agent": USER_AGENT}
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            _check_address(url, allow_private)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if not response.is_success:
                        raise ValidationError(
                            f"{url[:200]} answered HTTP {response.status_code}.", {"url": "http"}
                        )
                    return Fetched(
                        str(response.url),
                        _read_bounded(response, max_bytes),
                        response.headers.get("content-type", ""),
                    )
            except httpx.HTTPError as exc:
                raise ValidationError(
                    f"Fetching {url[:200]} failed: {type(exc).__name__}.", {"url": "network"}
                ) from None
    raise ValidationError(
        f"{url[:200]} redirects more than {MAX_REDIRECTS} times.", {"url": "loop"}
    )


def _read_bounded(response: httpx.Response, max_bytes: int) -> bytes:
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise ValidationError(
                f"The document is larger than {max_bytes} bytes.", {"url": "too large"}
            )
    return bytes(body)
