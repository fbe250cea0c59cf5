"""What a person types into a date or amount field, read by the same finders that find dates
and figures in a source: "3 March 2026", "March 3, 2026", "March 2026", "the 2020s";
"4.2 billion", "4.2bn", "$4.2 billion", "12.5%"."""

from __future__ import annotations

import re
from datetime import date

from factdb.services.suggest.dates import MONTH_NAMES, find_dates
from factdb.services.suggest.figures import FigureMention, find_figures


def _whole(mentions, text: str):
    """The one mention that covers all of ``text`` (a typed value is one thing, not a
    sentence with a date in it)."""
    return next((m for m in mentions if m.start == 0 and m.end == len(text)), None)


_WORD = re.compile(r"[A-Za-z]+")


def _month_cased(word: str) -> str:
    """A month name or abbreviation as prose writes it ("MARCH" -> "March"); other words as
    they are."""
    return word.capitalize() if word.lower() in MONTH_NAMES else word


def read_date(typed: str) -> tuple[date, str] | None:
    """A typed date as (first day, precision: day | month | year | decade), or None.

    Rules: the whole input is one absolute date the date finder reads ("3 March 2026",
    "March 3, 2026", "Mar. 3, 2026", "March 2026", "2026", "the 2020s"); relative dates
    ("Tuesday", "last month") and ranges are not read, since a field has nothing to resolve
    them against; a day that is not in the calendar is not read.
    """
    text = " ".join(str(typed or "").split())
    # The date finder reads month names as prose writes them; typed ones come in any case.
    text = _WORD.sub(lambda m: _month_cased(m.group()), text)
    found = _whole(find_dates(text, None, lambda _offset: None), text)
    if found is None or found.value is None or found.end_value is not None or found.relative:
        return None
    return found.value, found.precision


_SCALE_AS_UNIT = re.compile(r"hundreds?|thousands?|[a-z]*illions?|bn|mn|tn|lakhs?|crores?", re.I)


def read_figure(typed: str) -> FigureMention | None:
    """A typed amount as the figure finder reads it, or None.

    Rules: the whole input is one figure: digits with thousands commas or spaces, a scale
    word or abbreviation ("4.2 billion", "4.2bn", "4.2m"), a currency sign or code ("$", "€",
    "USD", read as the unit), "%" or "per cent"; amounts are in the currency unit
    ($4.2 billion -> 4200000000 USD); a range ("3-5 million") is not one amount.
    """
    text = " ".join(str(typed or "").split())
    found = _whole(find_figures(text, []), text)
    if found is None or (found.lower is not None and found.upper is not None):
        return None
    if found.unit and _SCALE_AS_UNIT.fullmatch(found.unit):
        return None  # "4.2bn bn", "1000 quintillion": a scale word left over is not a unit
    return found
