"""The four tag vocabularies: normalising spellings, the 17 SDGs, and finding or making a tag.

Spellings that differ only in case, accents, spacing, hyphenation, a plural or a known typo share
one key; a key maps to one tag through `TagAlias`, so merging tags in the admin also teaches the
importer.
"""

import re
import unicodedata

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from .models import Tag, TagAlias
from .sdgs import SDGS, sdg_name
from .slugs import creating, free_slugs
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
        return self.get_all([(vocabulary, term)])[0]

    def get_all(self, terms: list[tuple[str, str]]) -> list[Tag | None]:
        """The tag of each (vocabulary, term), None for a spelling that names none (an SDG
        beyond the 17, say); the new ones are created together."""
        keys = [(vocabulary, term_key(vocabulary, term)) for vocabulary, term in terms]
        new = {}
        for key, (_, term) in zip(keys, terms, strict=True):
            if key[1] and key not in self.by_key:
                new.setdefault(key, term)  # the first spelling names it
        if new:
            self.by_key.update(zip(new, create_tags(new), strict=True))
        return [self.by_key.get(key) for key in keys]


def term_key(vocabulary: str, term: str) -> str:
    """What spellings of one term share: a goal's number, any other term's normalised spelling
    ("" for a spelling that names no term)."""
    if vocabulary == Tag.Vocabulary.SDG:
        number = sdg_number(term)
        return "" if number is None else str(number)
    return normalise(term)


def create_tag(vocabulary: str, key: str, term: str, *, proposed_by=None) -> Tag:
    """A new tag for `term` (whose normalised key is `key`), with the key as its first alias.

    A term proposed by a focal point waits for a curator's approval before the public sees it.
    """
    return create_tags({(vocabulary, key): term}, proposed_by=proposed_by)[0]


def create_tags(terms: dict[tuple[str, str], str], *, proposed_by=None) -> list[Tag]:
    """`create_tag` for each (vocabulary, key): term, in a few queries for them all; a key
    another writer gave a tag meanwhile keeps that tag."""
    with transaction.atomic():
        creating()
        tags = _aliased(terms)
        new = {key: term for key, term in terms.items() if key not in tags}
        if new:
            tags |= _create_tags(new, proposed_by)
    return [tags[key] for key in terms]


def _aliased(terms) -> dict[tuple[str, str], Tag]:
    """The tags the keys of `terms` already stand for."""
    keys = Q()
    for vocabulary, key in terms:
        keys |= Q(vocabulary=vocabulary, key=key)
    aliases = TagAlias.objects.filter(keys).select_related("tag")
    return {(alias.vocabulary, alias.key): alias.tag for alias in aliases}


def _create_tags(terms, proposed_by) -> dict[tuple[str, str], Tag]:
    tags = {}
    for vocabulary, key in terms:
        if vocabulary == Tag.Vocabulary.SDG:
            number = int(key)
            tags[vocabulary, key], _ = Tag.objects.get_or_create(
                vocabulary=vocabulary,
                number=number,
                defaults={"name": sdg_name(number), "slug": str(number)},
            )
    # In the order the terms come (a set's order would number the tags differently each run).
    vocabularies = dict.fromkeys(vocabulary for vocabulary, _ in terms)
    for vocabulary in [v for v in vocabularies if v != Tag.Vocabulary.SDG]:
        keys = [key for key in terms if key[0] == vocabulary]
        names = [clean_name(terms[key]) for key in keys]
        bases = [slugify(name)[:280] or "tag" for name in names]
        slugs = free_slugs(Tag.objects.filter(vocabulary=vocabulary), bases)
        created = Tag.objects.bulk_create(
            Tag(
                vocabulary=vocabulary,
                name=name,
                slug=slug,
                is_approved=proposed_by is None,
                proposed_by=proposed_by,
            )
            for name, slug in zip(names, slugs, strict=True)
        )
        tags.update(zip(keys, created, strict=True))
    # An alias made meanwhile outside this lock (a merge in the admin) keeps its tag.
    TagAlias.objects.bulk_create(
        [TagAlias(vocabulary=v, key=key, tag=tag) for (v, key), tag in tags.items()],
        ignore_conflicts=True,
    )
    return tags


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
