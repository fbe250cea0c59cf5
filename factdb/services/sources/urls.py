"""URL identity: when two links name the same document.

One normalization, used wherever "the same document" matters (the own-source rule of the
workflow, citation publishers' registrable domains, canonical URLs and re-imports). It follows the
syntax-based normalization of RFC 3986 section 6.2.2 (case, percent-encoding, dot segments)
and then the scheme- and web-based rules browsers and crawlers apply in practice.
"""

from __future__ import annotations

import functools
import ipaddress
import posixpath
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import idna

from factdb.services.sources.text import drop_unstorable

# Query parameters that say how a reader arrived, not which document they read.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wt_mc",
        "cmpid",
        "ocid",
        "smid",
        "sr_share",
        "spm",
        "ref_src",
        "ref_url",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "itm_")
# http and https name the same document, so either default port is the default of both.
DEFAULT_PORTS = {"http": {80, 443}, "https": {80, 443}}
# RFC 3986 unreserved characters: their percent-encoded and plain forms are the same URL.
UNRESERVED = "-._~"
PATH_SAFE = "/!$&'()*+,;=:@" + UNRESERVED
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def url_identity(url: str | None) -> str:
    """The form of ``url`` under which links to the same document compare equal.

    Rules: surrounding white space, the fragment and user information are dropped; http and
    https are the same document; the host is lower-cased, IDNA-encoded (UTS 46) and loses
    a leading ``www.`` and a trailing dot; ports 80 and 443 are dropped; in the path, runs
    of ``/`` collapse, dot segments are resolved and a trailing ``/`` is dropped;
    percent-encoding is normalized (unreserved characters decoded, other escapes upper-case,
    non-ASCII encoded as UTF-8); tracking parameters (``utm_*``, ``fbclid``, ``gclid`` …) are
    removed and the remaining query parameters sorted. Never raises: text that is not an
    absolute URL is returned stripped, so it equals only itself. Standard: RFC 3986 §6.
    """
    text = drop_unstorable(url or "").strip()
    if text.startswith("//"):
        text = "https:" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if not scheme or not parts.netloc:
        return text
    host = _host(parts.hostname or "")
    port = _port(parts, scheme)
    if scheme == "http":
        scheme = "https"
    path = _path(parts.path)
    query = _query(parts.query)
    return f"{scheme}://{host}{port}{path}{'?' + query if query else ''}"


def same_document(a: str | None, b: str | None) -> bool:
    """Whether two links name the same document (see ``url_identity``); empty never matches."""
    first, second = url_identity(a), url_identity(b)
    return bool(first) and first == second


def _host(host: str) -> str:
    host = unquote(host).strip(".").lower()
    if host.startswith("www."):
        host = host[4:]
    if host.isascii():
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        return host


def _port(parts, scheme: str) -> str:
    try:
        port = parts.port
    except ValueError:  # not a number or out of range: keep what was written
        return ":" + parts.netloc.rpartition(":")[2]
    if port is None or port in DEFAULT_PORTS.get(scheme, ()):
        return ""
    return f":{port}"


def _path(path: str) -> str:
    path = re.sub(r"/{2,}", "/", _normalize_escapes(path))
    if path:  # a trailing slash names the same document either way
        path = posixpath.normpath(path)
        path = "" if path in ("/", ".") else path.rstrip("/")
    return quote(path, safe=PATH_SAFE + "%")


def _normalize_escapes(text: str) -> str:
    def one(match: re.Match) -> str:
        char = chr(int(match.group(1), 16))
        if (char.isascii() and char.isalnum()) or char in UNRESERVED:
            return char
        return f"%{match.group(1).upper()}"

    return _ESCAPE.sub(one, text)


def _query(query: str) -> str:
    pairs = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if not _is_tracking(key)
    ]
    return urlencode(sorted(pairs), quote_via=quote, safe=UNRESERVED)


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMETERS or key.startswith(TRACKING_PREFIXES)


def registrable_domain(url: str | None) -> str | None:
    """The registrable domain of ``url``'s host ("news.bbc.co.uk" → "bbc.co.uk"), or None.

    Rules: the host as ``url_identity`` writes it (lower case, IDNA, no ``www.``); an IP
    address is its own domain; a host that is itself a public suffix, or not a URL, has none.
    Standard: the Public Suffix List (ICANN and private sections), as bundled in the pinned
    ``publicsuffixlist`` wheel — never downloaded at run time.
    """
    identity = url_identity(url)
    if "://" not in identity:
        return None
    host = urlsplit(identity).hostname or ""
    if not host:
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return _suffix_list().privatesuffix(host)
    return host


@functools.cache
def _suffix_list():
    from publicsuffixlist import PublicSuffixList  # parsing the list takes ~50 ms: on first use

    return PublicSuffixList()
