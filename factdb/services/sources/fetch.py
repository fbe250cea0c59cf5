"""Fetching a document from a URL, guarded against reaching the server's own network (SSRF).

Every address a host name resolves to is checked, at every redirect hop, and the connection is
made to the address that was checked (the name is kept for the Host header and TLS), so a name
that resolves differently a moment later cannot slip through.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from factdb.services.errors import FetchError
from factdb.timeutil import utcnow

if TYPE_CHECKING:
    import httpx


USER_AGENT = "factdb/0.1 (source import; +https://factdb.example.org)"
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class FetchLimits:
    """How long, how much and how far a fetch may go, and which private hosts it may reach."""

    timeout: float = 10.0  # seconds for the whole fetch
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    allowed_hosts: tuple[str, ...] = ()  # host names or CIDR ranges

    @classmethod
    def from_config(cls, config) -> FetchLimits:
        allowed = config.get("FETCH_ALLOWED_HOSTS") or ()
        if isinstance(allowed, str):
            allowed = [part.strip() for part in allowed.split(",")]
        return cls(
            timeout=float(config.get("FETCH_TIMEOUT_SECONDS", cls.timeout)),
            max_bytes=int(config.get("FETCH_MAX_BYTES", cls.max_bytes)),
            max_redirects=int(config.get("FETCH_MAX_REDIRECTS", cls.max_redirects)),
            allowed_hosts=tuple(part for part in allowed if part),
        )


@dataclass(frozen=True)
class Fetched:
    """The raw bytes of a fetched document and how they were obtained."""

    data: bytes
    content_type: str | None
    retrieval: dict  # the columns of SourceRetrieval


def _allowed(host: str, address: Address, limits: FetchLimits) -> bool:
    for entry in limits.allowed_hosts:
        if entry.lower() == host.lower():
            return True
        try:
            network: Network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            continue
        if address.version == network.version and address in network:
            return True
    return False


def is_public(address: Address) -> bool:
    """Whether an address is on the public Internet (not loopback, private, link-local,
    multicast, reserved, shared or unspecified; IPv4 mapped in IPv6 is judged as IPv4)."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not address.is_multicast and not address.is_reserved


def vetted_address(host: str, port: int, limits: FetchLimits) -> Address:
    """The address to connect to for ``host``: every address it resolves to must be public,
    unless the allow-list names the host or a range holding the address (FetchError)."""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise FetchError(f"The host name {host!r} could not be resolved.") from exc
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not addresses:
        raise FetchError(f"The host name {host!r} could not be resolved.")
    for address in addresses:
        if not is_public(address) and not _allowed(host, address, limits):
            raise FetchError(
                f"{host} resolves to {address}, a private, loopback, link-local or reserved "
                "address; factdb does not fetch from those (see FACTDB_FETCH_ALLOWED_HOSTS)."
            )
    return addresses[0]


def _target(url: str, limits: FetchLimits) -> tuple[str, dict, dict]:
    """The URL to request (host replaced by its vetted address), headers and extensions."""
    if len(url) > 2000:
        raise FetchError("A link can be at most 2000 characters long.")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"Only http:// and https:// links can be fetched, not {parts.scheme}:.")
    if not parts.hostname or parts.username or parts.password:
        raise FetchError("The link needs a host name and no user name or password.")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise FetchError("The link's port is not a number between 0 and 65535.") from exc
    address = vetted_address(parts.hostname, port, limits)
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{literal}:{port}"
    direct = parts._replace(netloc=netloc).geturl()
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchError(f"{parts.hostname!r} is not a valid host name.") from exc
    host = f"[{host}]" if ":" in host else host
    headers = {"Host": f"{host}:{parts.port}" if parts.port else host, "User-Agent": USER_AGENT}
    return direct, headers, {"sni_hostname": parts.hostname}


def _read_body(response: httpx.Response, limits: FetchLimits, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(_too_big(int(declared), limits))
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(_too_big(size, limits))
        if time.monotonic() > deadline:
            raise FetchError(_too_slow(limits))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(size: int, limits: FetchLimits) -> str:
    return (
        f"The document is larger than the limit of {limits.max_bytes:,} bytes "
        f"(at least {size:,} bytes); it was not imported."
    )


def _too_slow(limits: FetchLimits) -> str:
    return f"The server did not deliver the document within {limits.timeout:g} seconds."


def _get(client: httpx.Client, url: str, limits: FetchLimits, deadline: float):
    """One hop: ("redirect", location, status) or ("done", body, response)."""
    import httpx

    direct, headers, extensions = _target(url, limits)
    try:
        with client.stream("GET", direct, headers=headers, extensions=extensions) as response:
            if response.is_redirect and "location" in response.headers:
                return "redirect", response.headers["location"], response.status_code
            return "done", _read_body(response, limits, deadline), response
    except httpx.TimeoutException as exc:
        raise FetchError(_too_slow(limits)) from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"The document could not be fetched ({type(exc).__name__}).") from exc


def fetch_url(url: str, limits: FetchLimits) -> Fetched:
    """The document at ``url``, with its retrieval record.

    Rules: http(s) only; every hop's host must resolve to public addresses only, unless the
    allow-list names it; at most ``max_redirects`` redirects, each recorded; the whole fetch
    within ``timeout`` seconds and ``max_bytes`` bytes; a non-2xx answer is refused. Every
    refusal is a FetchError saying why.
    """
    import httpx

    url = current = (url or "").strip()
    deadline = time.monotonic() + limits.timeout
    redirects: list[dict] = []
    timeout = httpx.Timeout(limits.timeout)
    with httpx.Client(follow_redirects=False, trust_env=False, timeout=timeout) as client:
        while True:
            if time.monotonic() > deadline:
                raise FetchError(_too_slow(limits))
            outcome, body, detail = _get(client, current, limits, deadline)
            if outcome == "done":
                break
            redirects.append({"url": current, "status": detail})
            if len(redirects) > limits.max_redirects:
                raise FetchError(f"The link redirects more than {limits.max_redirects} times.")
            current = urljoin(current, body)
    if not 200 <= detail.status_code < 300:
        raise FetchError(
            f"The server answered HTTP {detail.status_code} for {current}; nothing was imported."
        )
    content_type = detail.headers.get("content-type")
    retrieval = {
        "requested_url": url,
        "final_url": current,
        "status": detail.status_code,
        "content_type": (content_type or "")[:200] or None,
        "redirects": redirects,
        "retrieved_at": utcnow(),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    return Fetched(body, content_type, retrieval)
