"""Attributed statements: direct quotes with their attribution before, after or inside them,
and reported speech ("X said that ...", "..., X warned.", "according to X")."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from factdb.services.suggest.names import MONTHS_DAYS, Entities, person_names
from factdb.services.suggest.quotes import Quote, find_quotes
from factdb.services.suggest.speakers import Context, Speaker, mentions, read_entities, resolve
from factdb.services.suggest.text import UP, Sentence

__all__ = ["StatementMention", "find_statements", "read_entities"]

VERBS = (
    r"said|says|say|stated|states|warned|warns|added|adds|maintained|maintains|announced|"
    r"announces|told|tells|argued|argues|claimed|claims|noted|notes|insisted|insists|explained|"
    r"explains|confirmed|confirms|denied|denies|reported|reports|estimated|estimates|predicted|"
    r"predicts|expects|expect|acknowledged|acknowledges|admitted|admits|confessed|wrote|writes|pledged|"
    r"pledges|promised|promises|vowed|vows|urged|urges|cautioned|stressed|stresses|emphasised|"
    r"emphasized|tweeted|tweets|testified|alleges|revealed|conceded|concedes|declared|"
    r"replied|asserted|asserts|contended|recalled|suggested|believes|forecast|forecasts"
)
PARTICIPLES = r"saying|adding|telling|admitting|noting|warning|arguing|insisting|claiming"
_AUX = re.compile(
    r"(?:\s+(?:has|have|had|was|is|also|previously|repeatedly|later|earlier|then|"
    r"once|had|would|will|now|again|further))+$",
    re.IGNORECASE,
)
_CUE = re.compile(rf"\b(?:(?P<verb>{VERBS})|(?P<part>{PARTICIPLES})|(?P<acc>(?i:according to)))\b")
_AFTER_VERB_FIRST = re.compile(rf"^[\s,]*(?:{VERBS})\s+(?P<who>[^.,;:!?“”\"\n]{{2,80}})")
_AFTER_WHO_FIRST = re.compile(rf"^[\s,—–-]*(?P<who>[^.;:!?“”\"\n]{{1,120}}?)\s+(?:{VERBS})\b")
# "Ms Roe said: “...", "Jane Roe said on Monday, “...": the quote follows a colon or comma.
_BEFORE = re.compile(
    rf"(?P<who>[^.;!?“”\"\n]{{1,120}}?)\s+(?:(?:{VERBS})|(?:{PARTICIPLES}))\b"
    r"(?P<rest>[^.;!?“”\"\n:,]{0,40}?)[:,]\s*$"
)
_CONTINUES = re.compile(rf"^[\s,]*(?:and|(?:{PARTICIPLES})|then)?[\s,]*$")


WINDOW = 300  # characters around a cue or quote searched for its attribution


@dataclass(frozen=True)
class StatementMention:
    start: int
    end: int
    speaker: str | None
    organization: str | None
    confidence: float


def _confidence(speaker: Speaker) -> float:
    if speaker.person and speaker.organization:
        return 0.9
    if speaker.person or (speaker.organization and speaker.organization[:1].isupper()):
        return 0.8
    return 0.5


def find_statements(
    text: str, all_sentences: list[Sentence], entities: Entities
) -> list[StatementMention]:
    """Quotes and reported speech with who said them; linear in the text.

    Rules: a quote interrupted by its attribution is one statement; a quote without a named
    speaker, pronoun or organization next to it is not suggested; an organization is linked
    only through the attribution itself (never from a neighbouring sentence); the object of
    the verb ("Critics of the Board said") is not the speaker.
    """
    quotes = find_quotes(text)
    starts = [s.start for s in all_sentences]
    context = Context()
    found: list[StatementMention] = []
    used: set[int] = set()  # where the attributions of quotes lie
    q = 0
    for sentence in all_sentences:
        while q < len(quotes) and quotes[q].start <= sentence.end:
            q, mention = _quote_block(text, quotes, q, all_sentences, starts, entities, context)
            if mention:
                found.append(mention[0])
                used.update(mention[1])
        covered = found[-1].end if found else -1
        if sentence.start >= covered:
            near = quotes[_first_quote_ending_after(quotes, q, sentence.start) : q + 1]
            mention = _reported(text, sentence, near, entities, context, used)
            if mention:
                found.append(mention)
        person, org = mentions(entities, sentence.text)
        if found and found[-1].start >= sentence.start:  # who just spoke is who "he"/"it" is
            if found[-1].speaker:
                person = (found[-1].speaker, found[-1].organization)
            else:
                org = found[-1].organization or org
        context.last_person = person or context.last_person
        context.last_org = org or context.last_org
    return found


def _quote_block(text, quotes, q, all_sentences, starts, entities, context):
    """The statement made of quotes[q] and the quotes that continue it; the next index."""
    first = quotes[q]
    last, cue, speaker = first, None, None
    end = q + 1
    speaker, cue = _attribution_after(text, first, entities, context)
    if speaker is None:
        speaker, cue = _attribution_before(text, first, all_sentences, starts, entities, context)
    # Later quotes continue this one when only the attribution (or "adding,") lies between.
    while end < len(quotes):
        following = quotes[end]
        between = text[last.end + 1 : following.start - 1]
        if "\n" in between.strip(" ") or len(between) > 160:
            break
        tail = _AFTER_WHO_FIRST.match(between) or _AFTER_VERB_FIRST.match(between)
        rest = between[tail.end() :] if tail else between
        if not _CONTINUES.match(re.sub(r"[.,]", " ", rest)):
            break
        if tail and speaker is None:
            speaker, cue = _attribution_after(text, last, entities, context)
        last = following
        end += 1
    if speaker is None or not (speaker.person or speaker.organization):
        return end, None
    if len(text[first.start : last.end].split()) < 3 and cue is None:
        return end, None
    mention = StatementMention(
        first.start, last.end, speaker.person, speaker.organization, _confidence(speaker)
    )
    return end, (mention, set(range(*cue)) if cue is not None else set())


def _attribution_after(text, quote: Quote, entities, context):
    after = text[quote.end + 1 : quote.end + 200].split("\n")[0]
    after = re.split(r"[“”\"]", after)[0]
    m = _AFTER_VERB_FIRST.match(after)
    if m:
        who = re.split(r"\s+(?:in|on|at|during|before|after|while)\s+", m["who"])[0]
        found = resolve(entities, who, context)
        if found:
            return found, (quote.end + 1, quote.end + 1 + m.end())
    m = _AFTER_WHO_FIRST.match(after)
    if m:
        found = resolve(entities, _AUX.sub("", m["who"]), context)
        if found:
            return found, (quote.end + 1, quote.end + 1 + m.end())
    return None, None


def _attribution_before(text, quote: Quote, all_sentences, starts, entities, context):
    i = max(0, bisect_left(starts, quote.start) - 1)
    # Attribution sits next to the quote: a bounded window keeps run-on "sentences" linear.
    sentence_start = max(all_sentences[i].start if all_sentences else 0, quote.start - WINDOW)
    if sentence_start >= quote.start - 1:
        return None, None
    before = text[sentence_start : quote.start - 1]
    before = re.split(r"[“”\"]", before)[-1]
    m = _BEFORE.search(before)
    if not m:
        return None, None
    who = re.split(r",\s*", _AUX.sub("", m["who"]).strip())
    phrase = who[-1] if who[-1].strip() else (who[-2] if len(who) > 1 else "")
    found = resolve(entities, phrase, context)
    start = quote.start - 1 - len(before)
    return (found, (start, quote.start)) if found else (None, None)


def _first_quote_ending_after(quotes: list[Quote], upto: int, offset: int) -> int:
    """Index of the first quote before ``upto`` that ends after ``offset`` (quotes overlapping a
    sentence are the few just before the reading position)."""
    i = min(upto, len(quotes))
    while i > 0 and quotes[i - 1].end > offset:
        i -= 1
    return i


def _inside(quotes: list[Quote], offset: int) -> bool:
    # Few quotes per sentence: the caller passes only the quotes near the sentence.
    return any(q.start <= offset < q.end for q in quotes)


def _reported(text, sentence: Sentence, quotes, entities, context, used):
    """Reported speech in one sentence: "X said ...", "..., X said", "according to X"."""
    near = [q for q in quotes if q.start < sentence.end and sentence.start < q.end]
    for m in _CUE.finditer(sentence.text):
        offset = sentence.start + m.start()
        if _inside(near, offset) or offset in used:
            continue
        _, local_org = mentions(entities, sentence.text[max(0, m.start() - WINDOW) : m.start()])
        if local_org:  # "the agency" in "... NASA's search ..., according to the agency"
            context.last_org = local_org
        speaker = _cue_speaker(sentence.text, m, entities, context)
        if speaker and (speaker.person or speaker.organization):
            return StatementMention(
                sentence.start,
                sentence.end,
                speaker.person,
                speaker.organization,
                _confidence(speaker),
            )
    return None


def _cue_speaker(sentence: str, m: re.Match, entities, context) -> Speaker | None:
    if m["acc"]:
        after = re.split(r"[,;:.(]|\s[—–]\s", sentence[m.end() :])[0]
        return _source(entities, after, context)
    head = re.split(r"[“”\"]", sentence[max(0, m.start() - WINDOW) : m.start()])[-1]
    if m["part"]:
        return _subject(entities, head, context)
    parts = re.split(r"\s*[,;:—–(]\s*|\s-\s", _AUX.sub("", head.rstrip()))
    phrase = parts[-1]
    if not phrase.strip() and len(parts) >= 3:  # "Jane Roe, 45, an analyst at X, said"
        for k in range(2, min(6, len(parts)) + 1):
            found = resolve(entities, ", ".join(parts[-k:-1]), context)
            if found and found.person:
                return found
        phrase = ", ".join(parts[-3:-1])
    if not phrase.strip():
        after = re.split(r"[,;:.]", sentence[m.end() :])[0]  # "..., said Jane Roe."
        return resolve(entities, after, context) if len(after.split()) <= 8 else None
    if len(phrase.split()) > 8:
        phrase = " ".join(phrase.split()[:8]) if phrase[:1].isupper() else ""
    return resolve(entities, phrase, context) if phrase else None


def _subject(entities: Entities, head: str, context) -> Speaker | None:
    """The subject of "..., saying ...": the last name in the clause that is not possessive."""
    clause = head.rstrip(" ,")
    names = [(start, name) for start, name in person_names(clause)]
    for start, name in reversed(names):
        if not re.match(r"(?:’s|'s)", clause[start + len(name) :]):
            return resolve(entities, name, context)
    return resolve(entities, re.split(r"[,;:]", clause)[-1], context)


def _source(entities: Entities, phrase: str, context) -> Speaker | None:
    """ "according to the TexAuto Facts report from InfoNation": the named source."""
    phrase = phrase.strip()
    found = resolve(entities, phrase, context)
    if found and (found.person or (found.organization or "")[:1].isupper()):
        return found
    known = entities.known_org_in(phrase)
    if known:
        return Speaker(None, known)
    runs = [
        run
        for run in re.findall(rf"(?:[{UP}][\w&.-]*(?:'s|’s)?(?: |$))+", phrase)
        if run.strip().lower() not in MONTHS_DAYS
    ]
    if runs:
        return Speaker(None, entities.learn_org(re.sub(r"(?:'s|’s)$", "", runs[-1].strip())))
    return found
