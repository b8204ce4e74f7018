"""Answers as text (the export format) and as values (the model), one pair of functions per kind.

`parse(kind, text)` raises ValueError when the text is not an answer of that kind; the importer
then keeps the text as an "other answer" rather than guess.
"""

import html
import re

from plans import questionnaire as q
from plans.models import Insight, LearningQuestion

_ENTITY = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def decode_entities(text: str) -> str:
    return html.unescape(text)


def encode_entities(text: str) -> str:
    """Escape only the ampersands that decoding would otherwise eat, so decode(encode(t)) == t.

    A bare "R&D" stays as the labs wrote it; "&amp;" written out in an answer survives a round trip.
    """
    if "&" not in text:
        return text  # most answers: the exports write thousands a second

    def escape(match):
        return (
            "&amp;" + match.group(1)
            if html.unescape(match.group(0)) != match.group(0)
            else match.group(0)
        )

    return _ENTITY.sub(escape, text)


CHALLENGE_TYPES = {"big bet": "big_bet", "big_bet": "big_bet", "exploratory": "exploratory"}
CHALLENGE_TYPE_LABELS = {"big_bet": "Big bet", "exploratory": "Exploratory"}
YES = {"yes", "oui", "sí", "si", "sim", "true"}
NO = {"no", "non", "não", "nao", "false"}
SECTOR_WORDS = {
    "government": ["government", "gov", "public", "ministry", "municipality", "local government"],
    "private": ["private", "private sector", "startup", "start-up", "company", "business"],
    "civil_society": ["civil society", "cso", "ngo", "csos", "ngos", "community", "foundation"],
    "academia": ["academia", "academic", "university", "research", "academia and research"],
    "un": ["un", "united nations", "un agency", "undp"],
    "international": [
        "international",
        "international organisation",
        "international organization",
        "donor",
        "ifi",
        "international organisation or donor",
    ],
    "media": ["media"],
    "other": ["other"],
}
_SECTOR_BY_WORD = {word: sector for sector, words in SECTOR_WORDS.items() for word in words}
SECTOR_LABELS = {
    "government": "Government",
    "private": "Private sector",
    "civil_society": "Civil society",
    "academia": "Academia and research",
    "un": "United Nations",
    "international": "International organisation or donor",
    "media": "Media",
    "other": "Other",
}
_BULLET = re.compile(r"^\s*[-*•·]\s*")
_MARKER = re.compile(
    r"^[ \t\u00a0]{0,8}(\(\d{1,2}\)|\d{1,2}\s?[.)-]\)?(?!\d)|[-*•·])[ \t\u00a0]{0,12}"
)


def sector_from_text(text: str) -> str | None:
    return _SECTOR_BY_WORD.get(" ".join(text.split()).casefold().strip(" .()"))


def trim_blank_lines(text: str) -> str:
    """The text without the blank lines before and after it; its lines are left as they are."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    end = next((i for i in range(len(lines), start, -1) if lines[i - 1].strip()), start)
    return "\n".join(lines[start:end])


def parse(kind: str, text: str):
    # Text is kept as the lab typed it, down to the spaces that end its lines; a choice, a number
    # or a list of stages is a value, read without them.
    if kind in (q.TEXT, q.EVIDENCE):
        return text
    if kind == q.INSIGHTS:
        return parse_insights(trim_blank_lines(text))
    text = text.strip()
    if kind == q.CHOICE:
        if not text:
            return ""
        value = CHALLENGE_TYPES.get(text.casefold().strip(' ."'))
        if value is None:
            raise ValueError(f"not a challenge type: {text[:40]}")
        return value
    if kind == q.YES_NO:
        word = text.casefold().strip(" .")
        if not word:
            return None
        if word in YES or word in NO:
            return word in YES
        raise ValueError(f"not yes or no: {text[:40]}")
    if kind == q.SECTOR:
        if not text:
            return ""
        sector = sector_from_text(text)
        if sector is None:
            raise ValueError(f"not a sector: {text[:40]}")
        return sector
    if kind == q.NUMBER:
        if not text:
            return None
        if not re.fullmatch(r"\d{1,3}", text):
            raise ValueError(f"not a whole number: {text[:40]}")
        return int(text)
    if kind == q.STAGES:
        stages = []
        for line in text.splitlines():
            word = _BULLET.sub("", line).strip().casefold()
            if not word:
                continue
            if word not in LearningQuestion.Stage.values:
                raise ValueError(f"not a learning-cycle stage: {word[:40]}")
            stages.append(word)
        return stages
    if kind == q.OPTIONS:
        options = []
        for line in text.splitlines():
            if not line.strip():
                continue
            if not _BULLET.match(line):
                raise ValueError("not a list of options")
            options.append(_BULLET.sub("", line).rstrip())
        return options
    raise ValueError(f"unknown answer kind {kind}")


MARKER_LENGTH = Insight.MARKER_LENGTH


def parse_insights(text: str) -> list[tuple[str, str]]:
    """Split a list of insights into (marker, text) pairs; prose stays one unmarked insight."""
    if not text:
        return []
    lines = text.split("\n")
    if not _marker(lines[0]):
        return [("", text)]
    items = []
    for line in lines:
        match = _marker(line)
        if match:
            items.append([match.group(0), [line[match.end() :]]])
        else:
            items[-1][1].append(line)
    for _, body in items:
        # The blank lines between two insights separate them; the insight's lines stay as typed.
        while len(body) > 1 and not body[-1].strip():
            body.pop()
    return [(marker, "\n".join(body)) for marker, body in items]


def _marker(line: str):
    """A list marker starting the line, if it fits the column that keeps it (Insight.marker)."""
    match = _MARKER.match(line)
    return match if match and len(match.group(0)) <= MARKER_LENGTH else None


def format_insights(insights: list[tuple[str, str]]) -> str:
    if len(insights) == 1 and not insights[0][0]:
        return insights[0][1]
    return "\n\n".join(
        f"{marker or f'{number}. '}{text}" for number, (marker, text) in enumerate(insights, 1)
    )


def format(kind: str, value) -> str:
    if kind in (q.TEXT, q.EVIDENCE):
        return value or ""
    if kind == q.CHOICE:
        return CHALLENGE_TYPE_LABELS.get(value, "")
    if kind == q.YES_NO:
        return {True: "Yes", False: "No"}.get(value, "")
    if kind == q.SECTOR:
        return SECTOR_LABELS.get(value, "")
    if kind == q.NUMBER:
        return "" if value is None else str(value)
    if kind == q.STAGES:
        return "\n".join(f"- {stage.title()}" for stage in value)
    if kind == q.OPTIONS:
        return "\n".join(f"- {option}" for option in value)
    if kind == q.INSIGHTS:
        return format_insights(value)
    raise ValueError(f"unknown answer kind {kind}")
