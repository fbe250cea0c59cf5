"""The one folding rule of search: what text the index stores and what a query looks for.

Both search indexes (SQLite FTS5, PostgreSQL tsvector) store the tokens ``search_tokens``
makes, and every query goes through the same function, so the two databases find the same
rows and neither database's own text processing decides anything.

Folding (``search_fold``): Unicode NFKC (compatibility characters such as the ligature "ﬁ"
or fullwidth letters become their plain letters), full case folding ("ß" is "ss", final
sigma is sigma), the marks that are accents on Latin, Greek and Cyrillic letters removed,
Arabic harakat and tatweel and Hebrew points removed, and a small table of letters that
Unicode does not decompose ("ø" is "o", "ł" is "l", "æ" is "ae"). The vowel signs of Indic
and other scripts are letters there and stay. Cyrillic "й" keeps its breve (a letter of its
own, never written as "и"; so do Ukrainian "ї" and Belarusian "ў"), while "ё" folds to "е",
as Russian text usually prints it.

Tokens (``search_tokens``): runs of letters, digits and marks; everything else separates.
Han, Hiragana, Katakana and Hangul runs, written without spaces between words, become their
overlapping two-character pieces ("東京都" is "東京", "京都"), so any two characters of a
run find it; a run of one character is itself.
"""

from __future__ import annotations

import re
import unicodedata

import regex

# Words are cut to this many characters (in index and query alike): PostgreSQL refuses
# lexemes of 2 KB and more.
MAX_WORD_LENGTH = 255

# Letters with no decomposition in Unicode, written as their plain letters (after case folding).
LETTERS = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "ı": "i",
        "ƀ": "b",
        "ƶ": "z",
        "ɨ": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ĸ": "k",
    }
)

# Combining marks that are accents rather than letters: the combining diacritical marks blocks
# (Latin, Greek, Cyrillic accents), Hebrew points, Arabic harakat, Quranic annotation signs and
# the tatweel (a letter-stretching stroke). The breve of "й" and "ў" and the diaeresis of "ї"
# stay: those are letters of their own in Russian, Belarusian and Ukrainian.
_ACCENTS = re.compile(
    "(?<![иу])\u0306|(?<!і)\u0308|["
    "\u0300-\u0305\u0307\u0309-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u0640"
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "]"
)
# A word: letters, digits and marks (the vowel signs of Indic scripts are marks).
_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+")
# Scripts written without spaces between words (Korean has them, but compounds run long).
_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3005\u30fc"
_CJK_RUNS = regex.compile(rf"([{_CJK}]+)")
# The Unicode blocks of those scripts: a cheap test that most text has none of them.
_CJK_BLOCKS = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3005-\u303b\u3040-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uffa0-\uffdc\U0001b000-\U0001b16f"
    "\U00020000-\U0003134f]"
)


def search_fold(text: str) -> str:
    """``text`` as search compares it: NFKC, case folded, accents removed, NFC.

    Rules: see the module docstring; the result of folding twice is the result of folding
    once, so folded text can be stored and folded again safely.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(LETTERS)
    folded = _ACCENTS.sub("", unicodedata.normalize("NFD", folded))
    return unicodedata.normalize("NFC", folded)


def search_tokens(text: str) -> list[str]:
    """The tokens search indexes and looks up for ``text``, in order.

    Rules: folded by ``search_fold``; letters, digits and marks make words, anything else
    separates them; Han, Hiragana, Katakana and Hangul runs become overlapping two-character
    pieces; words are cut to ``MAX_WORD_LENGTH`` characters (Unicode code points).
    """
    folded = search_fold(text)
    words = _WORD.findall(folded)
    if not _CJK_BLOCKS.search(folded):
        return [word[:MAX_WORD_LENGTH] for word in words]
    tokens: list[str] = []
    for word in words:
        for piece in _CJK_RUNS.split(word):
            if _CJK_RUNS.fullmatch(piece):
                tokens.extend(_bigrams(piece))
            elif piece:
                tokens.append(piece[:MAX_WORD_LENGTH])
    return tokens


def is_paired_script(word: str) -> bool:
    """True for a run of Han, Hiragana, Katakana or Hangul, which is indexed in pairs."""
    return _CJK_RUNS.fullmatch(word) is not None


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]
