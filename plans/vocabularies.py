"""The four tag vocabularies: normalising spellings, the 17 SDGs, and finding or making a tag.

Spellings that differ only in case, accents, spacing, hyphenation, a plural or a known typo share
one key; a key maps to one tag through `TagAlias`, so merging tags in the admin also teaches the
importer.
"""

import re
import unicodedata

from django.utils.text import slugify

from .models import Tag, TagAlias
from .sdgs import SDGS, sdg_name
from .slugs import unique_slug
from .writing import writing

# Misspellings seen in the export, word by word.
TYPOS = {
    "innequalities": "inequalities",
    "ethography": "ethnography",
    "engagment": "engagement",
    "ethnograpy": "ethnography",
    "sensemaking": "sense making",
    "behavioural": "behavioral",
    "organisation": "organization",
    "organisations": "organizations",
    "programme": "program",
}


def normalise(term: str) -> str:
    """The key spellings of one idea share: "Co -creation" and "co-creation" give "co creation"."""
    text = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"[^a-z0-9]+", " ", text.replace("&", " and "))
    words = [TYPOS.get(word, word) for word in text.split()]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and words[-1][-2] not in "su":
        words[-1] = words[-1][:-1]
    return " ".join(" ".join(words).split())[:300]


def clean_name(term: str) -> str:
    """A tag's display name: single spaces, no space before a hyphen, first letter kept."""
    text = " ".join(term.split())
    return re.sub(r"\s*-\s*(?=\w)", "-", text) if " -" in text or "- " in text else text


def sdg_number(term: str) -> int | None:
    match = re.match(r"\s*(?:sdg\s*)?(\d{1,2})\b", term, re.IGNORECASE)
    if match and 1 <= int(match.group(1)) <= 17:
        return int(match.group(1))
    key = normalise(term)
    return next((number for number, name in SDGS.items() if normalise(name) == key), None)


class TagBook:
    """Finds the tag for a spelling, creating it the first time; remembers across one import run."""

    def __init__(self):
        self.by_key = {
            (alias.vocabulary, alias.key): alias.tag
            for alias in TagAlias.objects.select_related("tag")
        }

    def get(self, vocabulary: str, term: str) -> Tag | None:
        if vocabulary == Tag.Vocabulary.SDG:
            number = sdg_number(term)
            if number is None:
                return None
            key = str(number)
        else:
            key = normalise(term)
            if not key:
                return None
        tag = self.by_key.get((vocabulary, key))
        if tag is None:
            tag = create_tag(vocabulary, key, term)
            self.by_key[(vocabulary, key)] = tag
        return tag


def create_tag(vocabulary: str, key: str, term: str, *, proposed_by=None) -> Tag:
    """A new tag for `term` (whose normalised key is `key`), with the key as its first alias.

    A term proposed by a focal point waits for a curator's approval before the public sees it.
    """
    if vocabulary == Tag.Vocabulary.SDG:
        number = int(key)
        tag, _ = Tag.objects.get_or_create(
            vocabulary=vocabulary,
            number=number,
            defaults={"name": sdg_name(number), "slug": str(number)},
        )
    else:
        name = clean_name(term)
        base = slugify(name)[:280] or "tag"
        tag = Tag.objects.create(
            vocabulary=vocabulary,
            name=name,
            slug=unique_slug(Tag.objects.filter(vocabulary=vocabulary), base),
            is_approved=proposed_by is None,
            proposed_by=proposed_by,
        )
    # An alias this key already has keeps its tag; one statement, with no savepoint.
    alias = TagAlias(vocabulary=vocabulary, key=key, tag=tag)
    TagAlias.objects.bulk_create([alias], ignore_conflicts=True)
    return tag


def existing_tag(vocabulary: str, term: str) -> Tag | None:
    """The tag a spelling already stands for: through an alias, or a tag named alike."""
    key = normalise(term)
    alias = TagAlias.objects.filter(vocabulary=vocabulary, key=key).select_related("tag").first()
    if alias:
        return alias.tag
    # Tags made in the admin have no alias yet.
    named = Tag.objects.filter(vocabulary=vocabulary).only("name")
    return next((tag for tag in named if normalise(tag.name) == key), None)


def merge_tags(*, source: Tag, target: Tag, by=None) -> None:
    """Move every plan and alias of `source` onto `target` and delete `source`."""
    if source.vocabulary != target.vocabulary:
        raise ValueError("Tags of different vocabularies cannot be merged.")
    plans = list(source.plans.all())
    with writing(*plans, by=by, reason="admin"):
        for plan in plans:
            plan.tags.add(target)
        source.aliases.update(tag=target)
        key = normalise(source.name) if source.number is None else str(source.number)
        TagAlias.objects.get_or_create(
            vocabulary=source.vocabulary, key=key, defaults={"tag": target}
        )
        source.delete()
