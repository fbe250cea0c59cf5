"""The rating scale: the textual ratings a verdict may carry, each tied to one workflow verdict
and to the numbers ClaimReview's ``reviewRating`` publishes.

The scale comes from the ``RATING_SCALE`` setting. A verdict stores the label and numbers it
was given, so a later change of the scale never rewrites past verdicts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask import current_app, has_app_context

from factdb.models import ClaimStatus
from factdb.models.claims import VERDICTS
from factdb.services.errors import ValidationError

DEFAULT_SCALE: tuple[dict, ...] = (
    {"label": "True", "verdict": "verified", "value": 5, "best": 5, "worst": 1},
    {"label": "Mostly true", "verdict": "verified", "value": 4, "best": 5, "worst": 1},
    {"label": "Unproven", "verdict": "unverifiable", "value": 3, "best": 5, "worst": 1},
    {"label": "Mostly false", "verdict": "refuted", "value": 2, "best": 5, "worst": 1},
    {"label": "False", "verdict": "refuted", "value": 1, "best": 5, "worst": 1},
)
MAX_LABEL = 100


@dataclass(frozen=True)
class Rating:
    label: str
    verdict: str
    value: int
    best: int
    worst: int

    def to_dict(self) -> dict:
        return asdict(self)


def parse_scale(entries) -> list[Rating]:
    """A rating scale from settings. Rules: each entry has a label (unique, at most 100
    characters), a verdict status, and whole numbers with worst ≤ value ≤ best. Raises
    ValueError naming the bad entry (a configuration mistake, found at start-up)."""
    scale: list[Rating] = []
    for n, entry in enumerate(entries or (), 1):
        try:
            rating = Rating(
                label=str(entry["label"]).strip(),
                verdict=ClaimStatus(entry["verdict"]).value,
                value=int(entry["value"]),
                best=int(entry["best"]),
                worst=int(entry["worst"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"RATING_SCALE entry {n} is not valid: {exc}") from None
        if not rating.label or len(rating.label) > MAX_LABEL:
            raise ValueError(f"RATING_SCALE entry {n}: a label of 1–{MAX_LABEL} characters")
        if ClaimStatus(rating.verdict) not in VERDICTS:
            raise ValueError(f"RATING_SCALE entry {n}: {rating.verdict} is not a verdict")
        if not rating.worst <= rating.value <= rating.best:
            raise ValueError(f"RATING_SCALE entry {n}: needs worst ≤ value ≤ best")
        if any(r.label.casefold() == rating.label.casefold() for r in scale):
            raise ValueError(f"RATING_SCALE entry {n}: the label {rating.label!r} repeats")
        scale.append(rating)
    return scale


def rating_scale() -> list[Rating]:
    """The configured scale (``RATING_SCALE``), else the default one."""
    entries = current_app.config.get("RATING_SCALE") if has_app_context() else None
    return parse_scale(entries if entries is not None else DEFAULT_SCALE)


def ratings_for(verdict: str) -> list[Rating]:
    """The labels that may go with ``verdict``, in the scale's order."""
    return [r for r in rating_scale() if r.verdict == verdict]


def rating_columns(target: ClaimStatus, label: str | None) -> dict:
    """The claim's rating columns after a move to ``target`` with rating ``label``.

    Rules: a rating goes only with a verdict, and only one of the labels the scale ties to
    that verdict (ValidationError otherwise); leaving a verdict clears the rating; a
    verdict without a rating has none.
    """
    label = (label or "").strip()
    if target not in VERDICTS:
        if label:
            raise ValidationError(
                "A rating goes with a verdict only.", {"rating": "only with a verdict"}
            )
        return dict.fromkeys(("rating_label", "rating_value", "rating_best", "rating_worst"))
    if not label:
        return dict.fromkeys(("rating_label", "rating_value", "rating_best", "rating_worst"))
    choices = ratings_for(target.value)
    found = next((r for r in choices if r.label.casefold() == label.casefold()), None)
    if found is None:
        names = ", ".join(r.label for r in choices) or "none"
        raise ValidationError(
            f"{label[:MAX_LABEL]!r} is not a rating for {target.label}; choose one of {names}.",
            {"rating": "not on the scale for this verdict"},
        )
    return {
        "rating_label": found.label,
        "rating_value": found.value,
        "rating_best": found.best,
        "rating_worst": found.worst,
    }
