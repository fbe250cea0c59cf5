"""ClaimReview out: the schema.org ClaimReview of a claim record (see reports/model.py), for
public pages, reports and the data feed, and the DataFeed that lists them.

Follows schema.org (ClaimReview, Claim, Rating, CreativeWork, Organization, Person, DataFeed)
and Google's ClaimReview guidelines: ``url`` is the claim's public page; a property whose value
is unknown is left out, never written as null or an empty string.
"""

from __future__ import annotations

import re

from flask import current_app, has_app_context

from factdb.services.publishing.ratings import Rating, ratings_for

SCHEMA_ORG = "https://schema.org"
SLUG_CHARS = 60


def public_settings() -> dict:
    """Where public pages live and their language, from ``PUBLIC_BASE_URL`` (else the
    publisher's URL) and ``PUBLIC_LANGUAGE``."""
    if not has_app_context():
        return {}
    config = current_app.config
    return {
        "public_base_url": config.get("PUBLIC_BASE_URL") or None,
        "language": config.get("PUBLIC_LANGUAGE") or None,
    }


def slugify(text: str) -> str:
    """A readable URL segment from a claim's text: words of any script joined by hyphens."""
    words = re.findall(r"\w+", text.casefold())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > SLUG_CHARS:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or (words[0][:SLUG_CHARS] if words else "claim")


def public_path(claim_id: int, text: str) -> str:
    """The path of a claim's public page (a slug follows the id)."""
    return f"/public/claims/{claim_id}/{slugify(text)}"


def public_url(record: dict, publisher: dict) -> str:
    """The absolute URL of a claim record's public page (``public_base_url``, else the
    publisher's URL, then the path)."""
    base = publisher.get("public_base_url") or publisher["url"]
    return base.rstrip("/") + public_path(record["id"], record["text"])


def _empty(value) -> bool:
    return value is None or value in ([], {}) or (isinstance(value, str) and not value.strip())


def prune(value):
    """``value`` without nulls, blank strings, empty lists and objects at any depth."""
    if isinstance(value, dict):
        kept = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if not _empty(v)}
    if isinstance(value, list):
        return [v for v in map(prune, value) if not _empty(v)]
    return value


def review_rating(verdict: dict) -> dict | None:
    """The verdict's ``reviewRating``: the rating stored with it, else the scale's plainest
    label for its status (highest for verified, lowest for refuted, first for others)."""
    stored = verdict.get("rating")
    if stored:
        rating = Rating(stored["label"], verdict["status"], *_numbers(stored))
    else:
        choices = ratings_for(verdict["status"])
        if not choices:
            return None
        pick = {"verified": max, "refuted": min}.get(verdict["status"])
        rating = pick(choices, key=lambda r: r.value) if pick else choices[0]
    return {
        "@type": "Rating",
        "ratingValue": rating.value,
        "bestRating": rating.best,
        "worstRating": rating.worst,
        "alternateName": rating.label,
    }


def _numbers(stored: dict) -> tuple[int, int, int]:
    return stored["value"], stored["best"], stored["worst"]


def _claimant(record: dict) -> dict | None:
    organization = {"@type": "Organization", "name": record["organization"]}
    if record.get("speaker"):
        person = {"@type": "Person", "name": record["speaker"]}
        if record["organization"]:
            person["affiliation"] = organization
        return person
    return organization if record["organization"] else None


def _appearance(source: dict, page: int | None = None) -> dict | None:
    url = source.get("url")
    if url and page:
        url = f"{url.split('#')[0]}#page={page}"  # RFC 8118: a PDF's page fragment
    appearance = prune(
        {
            "url": url,
            "headline": source.get("title"),
            "datePublished": source.get("published"),
            "publisher": {"name": source.get("publisher")},
        }
    )
    if "publisher" in appearance:
        appearance["publisher"] = {"@type": "Organization", **appearance["publisher"]}
    return {"@type": "CreativeWork", **appearance} if appearance else None


def claim_review(record: dict, publisher: dict) -> dict | None:
    """The ClaimReview of a claim record with a verdict (None without one or without a
    rating on the scale). ``publisher``: name, url, and optionally public_base_url and
    language (BCP 47)."""
    verdict = record.get("verdict")
    if not verdict:
        return None
    rating = review_rating(verdict)
    if rating is None:
        return None
    item = {
        "@type": "Claim",
        "author": _claimant(record),
        "datePublished": (record.get("value") or {}).get("said_on")
        or record["source"].get("published"),
        "appearance": _appearance(record["source"], (record.get("excerpt") or {}).get("page")),
    }
    review = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": public_url(record, publisher),
        "claimReviewed": record["text"],
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": publisher["name"], "url": publisher["url"]},
        "datePublished": verdict["at"][:10],
        "reviewRating": rating,
        "reviewBody": verdict.get("note"),
        "inLanguage": publisher.get("language"),
    }
    return prune(review)


def data_feed(reviews: list[dict], publisher: dict, feed_url: str, modified: str) -> dict:
    """A schema.org DataFeed of ClaimReviews, the shape fact-check aggregators read (Google's
    Fact Check Tools, Data Commons): one DataFeedItem per review."""
    elements = []
    for review in reviews:
        item = {k: v for k, v in review.items() if k != "@context"}
        elements.append(
            {"@type": "DataFeedItem", "dateCreated": review["datePublished"], "item": [item]}
        )
    return prune(
        {
            "@context": SCHEMA_ORG,
            "@type": "DataFeed",
            "name": f"{publisher['name']}: fact-checks",
            "url": feed_url,
            "dateModified": modified,
            "dataFeedElement": elements,
        }
    )
