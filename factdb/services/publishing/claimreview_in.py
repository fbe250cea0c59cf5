"""ClaimReview in: reading other publishers' fact-checks from JSON-LD (one object, a list or
an ``@graph``), from HTML pages carrying JSON-LD or microdata, and from the Fact Check Tools
API's ``claims:search`` responses.

Real files bend schema.org; these are read as meant: ``type`` for ``@type``, types in any
case or as full IRIs, no ``@context``, ratings as strings or -1/-1/-1, ``itemReviewed``
typed CreativeWork, and placeholder dates such as "0001-01-01 00:00:00Z" (no date).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from factdb.models import NormalizedRating
from factdb.services.errors import ValidationError

MAX_TEXT = 20_000
LIMITS = {"claimant": 300, "publisher_name": 300, "textual_rating": 300, "language": 35}
N = NormalizedRating
# ClaimsKG's normalization: a clear verdict either way is true or false; anything partly
# so is mixed; what rates no truth at all (unproven, satire, outdated …) is other.
TRUE_WORDS = "true|correct|accurate|verified|fact|legit|real|verdadero|verdadeiro|vrai|wahr"
FALSE_WORDS = (
    "false|incorrect|inaccurate|wrong|fake|hoax|scam|fabricated|fiction|not true|"
    "pants on fire|totally false|completely false|baseless|falso|faux|falsch|bogus|"
    "four pinocchios|debunked|no evidence"
)
MIXED_WORDS = (
    "mixture|mixed|half true|mostly true|mostly false|barely true|partly true|partly false|"
    "partially true|partially false|half right|mostly correct|mostly accurate|misleading|"
    "missing context|needs context|exaggerated|exaggeration|out of context|"
    "cherry picks|distorts the facts|spins the facts|engañoso|trompeur|enganoso"
)
RATING_WORDS: dict[str, NormalizedRating] = {
    word: rating
    for words, rating in ((TRUE_WORDS, N.true), (FALSE_WORDS, N.false), (MIXED_WORDS, N.mixed))
    for word in words.split("|")
}


@dataclass
class FactCheckData:
    """One fact-check as read, before it is stored."""

    url: str
    claim_text: str
    claimant: str | None = None
    claim_date: date | None = None
    publisher_name: str | None = None
    publisher_site: str | None = None
    review_date: date | None = None
    textual_rating: str | None = None
    normalized_rating: str = N.other.value
    language: str | None = None
    raw: dict = field(default_factory=dict)


def read_document(content: bytes | str, base_url: str | None = None) -> list[FactCheckData]:
    """Every fact-check in a document: JSON (JSON-LD or a Fact Check Tools response) or HTML.

    Rules: the document holds at least one ClaimReview, each with an http(s) URL and the
    claim it reviews (ValidationError naming what is wrong otherwise).
    """
    text = content.decode("utf-8-sig", errors="replace") if isinstance(content, bytes) else content
    start = text.lstrip()[:1]
    if start in ("{", "["):
        try:
            document = json.loads(text)
        except ValueError as exc:
            raise ValidationError(f"The document is not valid JSON: {exc}.") from None
        except RecursionError:
            raise ValidationError("The document nests too deeply to be read.") from None
        if _is_fact_check_tools(document):
            return _from_fact_check_tools(document)
        nodes = list(claim_review_nodes(document))
    elif start == "<":
        nodes = _nodes_in_html(text, base_url)
    else:
        raise ValidationError(
            "The document is neither JSON nor HTML, so it cannot hold ClaimReview."
        )
    if not nodes:
        found = sorted(_all_types(document if start != "<" else None))
        seen = f" (it holds {', '.join(found[:8])})" if found else ""
        raise ValidationError(f"The document holds no ClaimReview{seen}.")
    return [read_review(node, n) for n, node in enumerate(nodes, 1)]


def _type_names(node: dict) -> set[str]:
    """A node's type names without a schema.org prefix; ``type`` counts as ``@type``."""
    raw = node.get("@type", node.get("type"))
    values = raw if isinstance(raw, list) else [raw]
    return {
        re.sub(r"^(https?://schema\.org/|schema:)", "", value.strip(), flags=re.I)
        for value in values
        if isinstance(value, str)
    }


def _types(node: dict) -> set[str]:
    """A node's type names, case-folded (real files write "rating", "claimreview" …)."""
    return {name.casefold() for name in _type_names(node)}


def is_claim_review(node: dict) -> bool:
    """Whether a JSON-LD or microdata node is a schema.org ClaimReview: ``@type`` (or ``type``)
    names it with or without the schema.org prefix, in any letter case, alone or in a list."""
    return "claimreview" in _types(node)


def claim_review_nodes(value) -> list[dict]:
    """The ClaimReview objects anywhere in parsed JSON(-LD), outermost first."""
    found: list[dict] = []
    stack = [value]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        elif isinstance(item, dict):
            if is_claim_review(item):
                found.append(item)
            else:
                stack[:0] = list(item.values())
    return found


def _all_types(value) -> set[str]:
    names: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            names |= _type_names(item)
            stack.extend(item.values())
    return names


def _nodes_in_html(html: str, base_url: str | None) -> list[dict]:
    import extruct

    try:
        data = extruct.extract(
            html, base_url=base_url, syntaxes=["json-ld", "microdata"], uniform=True, errors="log"
        )
    except Exception as exc:  # extruct raises whatever its parsers raise on broken markup
        raise ValidationError(f"The HTML page could not be read: {type(exc).__name__}.") from None
    return claim_review_nodes([data.get("json-ld", []), data.get("microdata", [])])


def _first(value):
    while isinstance(value, list):
        value = value[0] if value else None
    return value


def _text(value, limit: int = MAX_TEXT) -> str | None:
    """A node's text: a string, a number, or an object's name (or @value)."""
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("alternateName")
        value = _first(value)
    if isinstance(value, bool) or value is None:
        return None
    text = " ".join(str(value).replace("\x00", "").split())
    return text[:limit] or None


def _url(value) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    if not isinstance(value, str):
        return None
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or len(value) > 2000:
        return None
    return value


def _date(value) -> date | None:
    """The date an ISO date or date-time starts with; placeholders before year 1000 are none."""
    text = _text(value, 40)
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    if not match or int(match[1]) < 1000:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _number(value) -> float | None:
    value = _first(value)
    try:
        return float(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


def normalize_rating(label: str | None, value=None, best=None, worst=None) -> str:
    """true / false / mixed / other for a publisher's rating, as ClaimsKG normalizes: by its
    words first, else by where ratingValue sits between worstRating and bestRating."""
    words = " ".join(re.sub(r"[^\w\s]", " ", (label or "").casefold()).split())
    if words in RATING_WORDS:
        return RATING_WORDS[words].value
    if words:
        return N.other.value
    value, best, worst = _number(value), _number(best), _number(worst)
    if (
        None in (value, best, worst)
        or best == worst
        or not min(best, worst) <= value <= max(best, worst)
    ):
        return N.other.value
    share = (value - worst) / (best - worst)
    return N.true.value if share >= 0.8 else N.false.value if share <= 0.2 else N.mixed.value


def _site(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def read_review(node: dict, n: int = 1) -> FactCheckData:
    """One ClaimReview object as a fact-check (``n`` numbers it in error messages)."""
    url = _url(node.get("url")) or _url(node.get("mainEntityOfPage"))
    item = _first(node.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    claim_text = _text(node.get("claimReviewed")) or _text(item.get("text") or item.get("name"))
    if not url:
        raise ValidationError(f"ClaimReview {n} has no http(s) url, so it cannot be kept.")
    if not claim_text:
        raise ValidationError(f"ClaimReview {n} ({url}) does not say which claim it reviews.")
    rating = _first(node.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    label = _text(rating.get("alternateName")) or _text(rating.get("name"))
    author = _first(node.get("author")) or _first(node.get("publisher"))
    publisher = author if isinstance(author, dict) else {}
    return FactCheckData(
        url=url,
        claim_text=claim_text,
        claimant=_text(item.get("author"), LIMITS["claimant"]),
        claim_date=_date(item.get("datePublished")) or _date(item.get("dateCreated")),
        publisher_name=_text(author, LIMITS["publisher_name"]),
        publisher_site=_url(publisher.get("url")) or _site(url),
        review_date=_date(node.get("datePublished")) or _date(node.get("dateModified")),
        textual_rating=(label or "")[: LIMITS["textual_rating"]] or None,
        normalized_rating=normalize_rating(
            label, rating.get("ratingValue"), rating.get("bestRating"), rating.get("worstRating")
        ),
        language=_text(node.get("inLanguage"), LIMITS["language"]),
        raw=node,
    )


def _is_fact_check_tools(document) -> bool:
    return (
        isinstance(document, dict)
        and isinstance(document.get("claims"), list)
        and any(isinstance(c, dict) and "claimReview" in c for c in document["claims"])
    )


def _from_fact_check_tools(document: dict) -> list[FactCheckData]:
    """Fact Check Tools ``claims:search``: claims, each with the reviews of it."""
    found = []
    for claim in document["claims"]:
        if not isinstance(claim, dict):
            continue
        for review in claim.get("claimReview") or []:
            if not isinstance(review, dict):
                continue
            node = {
                "@type": "ClaimReview",
                "url": review.get("url"),
                "claimReviewed": claim.get("text"),
                "itemReviewed": {
                    "author": claim.get("claimant"),
                    "datePublished": claim.get("claimDate"),
                },
                "author": review.get("publisher"),
                "datePublished": review.get("reviewDate"),
                "reviewRating": {"alternateName": review.get("textualRating")},
                "inLanguage": review.get("languageCode"),
            }
            data = read_review(node, len(found) + 1)
            publisher = review.get("publisher")
            site = _text(publisher.get("site"), 2000) if isinstance(publisher, dict) else None
            data.publisher_site = site or data.publisher_site
            data.raw = {
                "claim": {k: v for k, v in claim.items() if k != "claimReview"},
                "claimReview": review,
            }
            found.append(data)
    return found
