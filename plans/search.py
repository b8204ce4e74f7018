"""What a plan says, indexed for the listing: full-text search (a stored, weighted,
language-aware vector on PostgreSQL, a plain fallback on SQLite) and the stage and sector bits
the filters use.

Every plan keeps `search_text`, all it says (answers, partners, questions, insights, tags) as one
text, refreshed by `index_plans` whenever a plan or its parts are written (`plans.writing` calls
it). On PostgreSQL its vector (a `PlanSearchVector`, in a table of its own) is built from it
once, at save time, with the text search configuration of the plan's language (accents ignored;
see migration 0002), and GIN-indexed; results are ranked by `rank_vector`, a small one of the
title, tweet and challenge statement, whose words' shares of a rank are kept as the plan's rank
terms (`PlanRankTerm`) for the public listing to sum. On SQLite searching is a
case-insensitive match of each word against `search_text` (no stemming, and accents count).
"""

import json
import re
from dataclasses import dataclass, field

import numpy as np
from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryField,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    Q,
    TextField,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import LearningPlan, LearningQuestion, PlanRankTerm, PlanSearchVector, Tag
from .questionnaire import PLAN_FIELDS
from .rendering import rendered_answers
from .sectors import Sector

# Text search configurations created by migration 0002: the language's stemmer after unaccent.
CONFIGS = {
    "en": "english_unaccent",
    "fr": "french_unaccent",
    "es": "spanish_unaccent",
    "pt": "portuguese_unaccent",
}
SIMPLE = "simple_unaccent"
# What a search is read as: plainly, and in each language's configuration.
READINGS = [SIMPLE, *CONFIGS.values()]
# Markers ts_headline puts around matches: the text is escaped first, then they become <mark>.
_START, _STOP = "\x02", "\x03"


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


# What a plan says besides its own fields.
PARTS = ("tags", "partnerships__organisation", "learning_questions", "insights", "other_answers")


def index_plans(plans) -> None:
    """Rebuild what the listing reads of these plans (read from the database, their PARTS
    prefetched unless they are already): search text (and on PostgreSQL the vectors), stage and
    sector bits, tag ids; and their answers rendered as HTML, which their pages read."""
    prefetch_related_objects(plans, *PARTS)
    for plan in plans:
        _fill(
            plan,
            partnerships=plan.partnerships.all(),
            questions=plan.learning_questions.all(),
            insights=plan.insights.all(),
            others=plan.other_answers.all(),
            tags=plan.tags.all(),
        )
    if uses_postgres():
        _store_with_vectors(plans)
    elif connection.Database.sqlite_version_info >= (3, 33):  # UPDATE … FROM
        _store(plans)
    else:
        _store_by_orm(plans)


INDEXED_FIELDS = [
    *("search_text", "answer_text", "stage_mask", "sector_mask"),
    *("tag_ids", "goal_numbers", "rendered"),
]


def _store_with_vectors(plans) -> None:
    """PostgreSQL: the indexed fields and the rank vector in one UPDATE, then the search vectors,
    computed from the texts it stored, in their own table. The new values go as arrays,
    unnested: the ORM's bulk update resolved and compiled a CASE per field and plan."""
    table = connection.ops.quote_name(LearningPlan._meta.db_table)
    rank_vector, params = _sql(_rank_vector())
    # The rank vector reads the plan's own fields, which indexing leaves as they are.
    assignments = [
        *(f"{name} = new.{name}" for name in INDEXED_FIELDS),
        f"rank_vector = {rank_vector}",
    ]
    columns = ", ".join(["id", *INDEXED_FIELDS])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {', '.join(assignments)} FROM unnest(%s::bigint[], %s::text[], "
            f"%s::text[], %s::integer[], %s::integer[], %s::jsonb[], %s::jsonb[], %s::jsonb[]) "
            f"AS new ({columns}) WHERE {table}.id = new.id",
            [
                *params,
                [plan.pk for plan in plans],
                [plan.search_text for plan in plans],
                [plan.answer_text for plan in plans],
                [plan.stage_mask for plan in plans],
                [plan.sector_mask for plan in plans],
                [json.dumps(plan.tag_ids) for plan in plans],
                [json.dumps(plan.goal_numbers) for plan in plans],
                [json.dumps(plan.rendered) for plan in plans],
            ],
        )
    _store_derived([plan.pk for plan in plans])


def _store_derived(pks) -> None:
    """PostgreSQL: what the plans `pks` keep in tables of their own, computed from the texts and
    rank vector just stored: their search vectors, then their rank terms."""
    _store_search_vectors(pks)
    _store_rank_terms(pks)


def _store_search_vectors(pks) -> None:
    """PostgreSQL: the search vectors of the plans `pks`, computed from their stored texts
    (`PlanSearchVector`), added or replacing those they had."""
    vectors = LearningPlan.objects.filter(pk__in=pks).order_by().values_list("pk", _vector())
    sql, params = vectors.query.sql_with_params()
    table = PlanSearchVector._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (plan_id, vector) {sql} "
            "ON CONFLICT (plan_id) DO UPDATE SET vector = excluded.vector",
            params,
        )


def _store_rank_terms(pks) -> None:
    """PostgreSQL: the rank terms of the plans `pks` (`PlanRankTerm`), computed from their
    stored rank vectors by the function migration 0026 created, in place of those they had."""
    table = PlanRankTerm._meta.db_table
    plans = LearningPlan._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE plan_id = ANY(%s)", [list(pks)])
        cursor.execute(
            f"INSERT INTO {table} (plan_id, lexeme, score) "
            "SELECT plan.id, term.lexeme, plan_rank_term_score(term.positions, term.weights) "
            f"FROM {plans} AS plan, unnest(plan.rank_vector) AS term WHERE plan.id = ANY(%s)",
            [list(pks)],
        )


def _store(plans) -> None:
    """SQLite: the indexed fields in one UPDATE from the new values as one JSON array (the ORM's
    bulk update compiled a CASE per field and plan). The JSON fields go as Django writes them,
    so that a trigger comparing the stored text sees no change where there is none."""
    table = connection.ops.quote_name(LearningPlan._meta.db_table)
    rows = [
        {
            "id": plan.pk,
            "search_text": plan.search_text,
            "answer_text": plan.answer_text,
            "stage_mask": plan.stage_mask,
            "sector_mask": plan.sector_mask,
            "tag_ids": json.dumps(plan.tag_ids),
            "goal_numbers": json.dumps(plan.goal_numbers),
            "rendered": json.dumps(plan.rendered),
        }
        for plan in plans
    ]
    value = "json_extract(new.value, '$.{}')".format
    assignments = ", ".join(f"{name} = {value(name)}" for name in INDEXED_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM json_each(%s) AS new "
            f"WHERE {table}.id = {value('id')}",
            [json.dumps(rows)],
        )


def _store_by_orm(plans) -> None:
    """The ORM's way, for a SQLite before 3.33 (and the tests' yardstick): a bulk update, then on
    PostgreSQL the vectors, from the text the first statement stored."""
    LearningPlan.objects.bulk_update(plans, INDEXED_FIELDS, batch_size=500)
    if uses_postgres():
        pks = [plan.pk for plan in plans]
        LearningPlan.objects.filter(pk__in=pks).update(rank_vector=_rank_vector())
        _store_derived(pks)


def _fill(plan, *, partnerships, questions, insights, others, tags) -> None:
    plan.search_text = search_text(plan, partnerships, questions, insights, others, tags)
    plan.answer_text = answer_text(plan, questions, insights, others)
    plan.stage_mask = stage_mask(question.stages for question in questions)
    plan.sector_mask = sector_mask(partnership.sector for partnership in partnerships)
    plan.tag_ids = sorted(tag.pk for tag in tags)
    goals = (tag.number for tag in tags if tag.vocabulary == Tag.Vocabulary.SDG and tag.number)
    plan.goal_numbers = sorted(goals)
    plan.rendered = rendered_answers(
        plan, partnerships=partnerships, questions=questions, insights=insights, others=others
    )


STAGE_BITS = {stage: 1 << index for index, stage in enumerate(LearningQuestion.Stage.values)}
SECTOR_BITS = {sector: 1 << index for index, sector in enumerate(Sector.values)}


def stage_mask(stage_lists) -> int:
    return mask_of(STAGE_BITS, (stage for stages in stage_lists for stage in stages))


def sector_mask(sectors) -> int:
    return mask_of(SECTOR_BITS, sectors)


def mask_of(bits: dict[str, int], values) -> int:
    """The bits of `values` together (those `bits` does not know add none)."""
    mask = 0
    for value in values:
        mask |= bits.get(value, 0)
    return mask


def search_text(plan, partnerships, questions, insights, others, tags) -> str:
    parts = [plan.title, plan.heading]
    parts += [
        str(getattr(plan, name) or "") for name in PLAN_FIELDS if not name.startswith("time_")
    ]
    parts += [" ".join(plan.handover_options or [])]
    for partnership in partnerships:
        parts += [partnership.name, partnership.description]
        # A packed answer split into partners: what it says beyond their names is there only.
        parts += [str(text) for text in partnership.source.values() if isinstance(text, str)]
    for question in questions:
        parts += [question.question, question.methods_usage, question.data_gaps]
    parts += [insight.text for insight in insights]
    parts += [other.answer for other in others]
    parts += [tag.name for tag in tags]
    return "\n".join(part for part in parts if part and part.strip())


def _config():
    return Case(
        *(When(language=language, then=Value(config)) for language, config in CONFIGS.items()),
        default=Value(SIMPLE),
    )


def _words(*columns):
    """The columns as PostgreSQL's parser should read them. It takes `impact/scenario` for a
    file path, one token that no word matches: read as two words, each is found."""
    return [
        Replace(F(column), Value("/"), Value(" "), output_field=TextField()) for column in columns
    ]


def _vector():
    config = _config()
    return (
        SearchVector(*_words("title", "tweet_summary"), weight="A", config=config)
        + SearchVector(*_words("challenge_statement"), weight="B", config=config)
        + SearchVector(*_words("search_text"), weight="C", config=config)
        # Unstemmed too, so that a word matches whatever language the query is read in.
        + SearchVector(*_words("title", "search_text"), weight="D", config=SIMPLE)
    )


def _rank_vector():
    """What ranking reads: only the title, tweet and challenge statement, so that it stays small
    enough to be kept in the table row. Ranking the whole `search_vector` meant fetching
    kilobytes per matching plan from TOAST storage, most of the time of a broad search."""
    config = _config()
    return SearchVector(*_words("title", "tweet_summary"), weight="A", config=config) + (
        SearchVector(*_words("challenge_statement"), weight="B", config=config)
    )


# The web search in each configuration's reading, any of them matching, as SQL.
_EVERY_READING = (
    "(" + " || ".join(f"websearch_to_tsquery('{config}', %s)" for config in READINGS) + ")"
)


def _query(q: str) -> RawSQL:
    """The web search `q` in each configuration's reading, any of them matching: what ranking
    and excerpts read. Written out once (`_EVERY_READING`): the ORM took 0.4 ms to compile the
    five readings as `SearchQuery`s, twice a search page."""
    return RawSQL(_EVERY_READING, [_as_read(q)] * len(READINGS), SearchQueryField())


class _Readings(SearchQuery):
    """What matching reads: the plans `_query(q)` matches, each reading asked once. A word read
    alike in five languages made PostgreSQL look it up five times in the index. (Ranking keeps
    `_query`: when all readings are one, PostgreSQL ranks it as an AND of its words, not as an
    OR.) A search of no word (all stop words) reads as an empty query, which matches nothing."""

    def __init__(self, q: str):
        super().__init__(q)
        self.q = _as_read(q)

    def as_sql(self, compiler, connection, **extra):
        configs = ", ".join(f"'{config}'" for config in READINGS)
        reading = "NULLIF(websearch_to_tsquery(config, %s)::text, '')"
        return (
            f"(SELECT coalesce(string_agg(DISTINCT '(' || {reading} || ')', ' | '), '')::tsquery "
            f"FROM unnest(ARRAY[{configs}]::regconfig[]) AS config)",
            [self.q],
        )


def _as_read(q: str) -> str:
    """The search's words as the plans' text is read (see `_words`)."""
    return q.replace("/", " ")


def _rank(query):
    """A plan's rank for `query`: by its small rank vector (see `_rank_vector`)."""
    return SearchRank(F("rank_vector"), query)


@dataclass
class Terms:
    """A web-search query: phrases or words, any-of groups, exclusions."""

    groups: list[list[str]] = field(default_factory=list)  # each group: any of its terms
    excluded: list[str] = field(default_factory=list)

    def positive(self) -> str:
        """The query without its exclusions, in web-search syntax."""
        quote = lambda term: f'"{term}"' if " " in term else term  # noqa: E731
        return " ".join(" or ".join(map(quote, group)) for group in self.groups)


def parse_websearch(q: str) -> Terms:
    terms = Terms()
    either = False
    for match in re.finditer(r'(-?)"([^"]*)"|(\S+)', q):
        negative, phrase, word = match.groups()
        if word and word.lower() == "or":
            either = True
            continue
        if word and word.startswith("-") and len(word) > 1:
            negative, word = "-", word[1:]
        term = (phrase if phrase is not None else word).strip()
        if not term:
            continue
        if negative:
            terms.excluded.append(term)
        elif either and terms.groups:
            terms.groups[-1].append(term)
        else:
            terms.groups.append([term])
        either = False
    return terms


def search(queryset, q: str):
    """Plans matching `q`, annotated with their `rank` (0 on SQLite)."""
    q = q.strip()
    if not q:
        return queryset
    terms = parse_websearch(q)
    if uses_postgres():
        query = _query(terms.positive())
        return queryset.filter(pk__in=matching(q)).annotate(rank=_rank(query))
    for group in terms.groups:
        any_of = Q()
        for term in group:
            any_of |= _starts_a_word(term)
        queryset = queryset.filter(any_of)
    for term in terms.excluded:
        queryset = queryset.exclude(_starts_a_word(term))
    return queryset.annotate(rank=Value(0.0))


def matching(q: str):
    """The ids of all the plans (whoever may see them) that match the search `q`."""
    if not uses_postgres():
        return search(LearningPlan.objects.order_by(), q).values_list("pk", flat=True)
    terms = parse_websearch(q.strip())
    vectors = PlanSearchVector.objects.filter(vector=_Readings(terms.positive()))
    # Exclusions hold in every language: an excluded word read as French still excludes.
    for term in terms.excluded:
        vectors = vectors.exclude(vector=_Readings(f'"{term}"'))
    return vectors.values_list("plan_id", flat=True)


def ranked(queryset, q: str):
    """Those of `queryset` that rank above 0 for the search `q`, with their `rank` as `search`
    gives it; none on SQLite, where every match ranks 0.

    A plan whose rank vector holds none of the search's words ranks 0: a GIN index of the
    published plans' rank vectors finds those that hold one. (`ranks` sums the ranks from the
    plans' rank terms, and asks this only of a search PostgreSQL ranks by proximity.)"""
    if not uses_postgres():
        return queryset.annotate(rank=Value(0.0)).none()
    positive = parse_websearch(q).positive()
    words = [_as_read(positive)] * len(READINGS)
    holds_a_word = RawSQL(f"rank_vector @@ {_ANY_WORD}", words, output_field=BooleanField())
    return queryset.filter(holds_a_word).annotate(rank=_rank(_query(positive)))


def ranks(q: str) -> tuple[np.ndarray, np.ndarray]:
    """The ids of the plans that rank above 0 for the search `q`, ascending (all the published
    ones; others may be among them), and their rank as `search` gives it, equal to the last bit.
    No plan on SQLite, where every match ranks 0.

    The search query is an OR of its readings, which PostgreSQL ranks as the mean, over the
    query's distinct words, of what each adds to the plan's rank: the plans' rank terms hold
    that, found by word. Summing them where ranking read the thousands of plans a broad search
    ranks, each one's row and rank vector, took a quarter of the search's time at 100,000
    plans. A query that is one AND or phrase of several words (all but one reading empty)
    PostgreSQL ranks by how near its words are: asked of it (`ranked`)."""
    if not uses_postgres():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    (text,) = _fetch_one(_sql(_query(parse_websearch(q).positive())), "SELECT ({})::text")
    words, top = _words_and_top(text or "")
    if top in ("&", "<") and len(words) > 1:
        rows = ranked(LearningPlan.objects.published().order_by("pk"), q).values_list("pk", "rank")
        pks, values = zip(*rows, strict=True) if rows else ((), ())
        return np.array(pks, dtype=np.int64), np.array(values, dtype=np.float32)
    pks, places, scores = fetch_arrays(
        "SELECT plan_id, array_position(%s::text[], lexeme), score "
        f"FROM {PlanRankTerm._meta.db_table} WHERE lexeme = ANY(%s)",
        [words, words],
        ["bigint", "smallint", "double precision"],
    )
    plans, plan_of = np.unique(pks, return_inverse=True)
    total = np.zeros(len(plans), dtype=np.float32)
    # Word by word in PostgreSQL's order, each sum rounded to single precision as it rounds.
    for place in range(1, len(words) + 1):
        rows = places == place
        total[plan_of[rows]] = (total[plan_of[rows]] + scores[rows]).astype(np.float32)
    return plans, total / np.float32(max(len(words), 1))


# A query as PostgreSQL writes it: quoted words (with ' and \ doubled, and a weight or prefix
# mark after), operators and parentheses.
_TSQUERY = re.compile(r"'((?:[^'\\]|''|\\.)*)'(?::[*A-D]+)?|(<\d+>|<->|[&|!()])")
_UNQUOTE = re.compile(r"''|\\(.)")
# The operators from the loosest bound: the query's top one is the loosest outside parentheses.
_LOOSEST_FIRST = ["|", "&", "<"]


def _words_and_top(text: str) -> tuple[list[str], str]:
    """The distinct words of a query written as `text`, in the order PostgreSQL ranks them
    (byte by byte), and its top operator: "|", "&", "<" (a phrase), or "" (one word)."""
    words, depth, top = set(), 0, ""
    for word, operator in _TSQUERY.findall(text):
        if not operator:
            words.add(_UNQUOTE.sub(lambda escaped: escaped.group(1) or "'", word))
        elif operator in "()":
            depth += 1 if operator == "(" else -1
        elif depth == 0 and operator != "!":
            operator = operator[0]
            if not top or _LOOSEST_FIRST.index(operator) < _LOOSEST_FIRST.index(top):
                top = operator
    return sorted(words, key=str.encode), top


def _sql(expression) -> tuple[str, list]:
    """An expression over the plans as SQL and its parameters."""
    query = LearningPlan.objects.all().query
    compiled = expression.resolve_expression(query)
    return compiled.as_sql(query.get_compiler(connection=connection), connection)


# How PostgreSQL sends a number of each type in binary, and how numpy reads it.
_BINARY = {
    "bigint": ("int8send", ">i8", np.int64),
    "smallint": ("int2send", ">i2", np.int16),
    "double precision": ("float8send", ">f8", np.float64),
}


def fetch_arrays(sql: str, params, types) -> list[np.ndarray]:
    """PostgreSQL: the columns of a query's rows, numbers of the `types`, each as an array. Each
    is sent as one binary string, where an array went as text, read number by number: 6,000
    rank terms 5.2 → 2.1 ms."""
    names = [f"c{number}" for number in range(len(types))]
    aggregates = ", ".join(
        f"string_agg({_BINARY[kind][0]}({name}::{kind}), '')"
        for name, kind in zip(names, types, strict=True)
    )
    row = _fetch_one((sql, params), f"SELECT {aggregates} FROM ({{}}) AS row ({', '.join(names)})")
    return [
        np.frombuffer(value or b"", dtype=_BINARY[kind][1]).astype(_BINARY[kind][2])
        for value, kind in zip(row, types, strict=True)
    ]


def _fetch_one(sql_and_params, around: str = "{}") -> tuple:
    """The one row of a query (`around`, SQL it goes into)."""
    sql, params = sql_and_params
    with connection.cursor() as cursor:
        cursor.execute(around.format(sql), params)
        return cursor.fetchone()


# Every word of a text as each configuration reads it, in a query that matches any of them:
# cast from text, each word quoted, not read again (`to_tsquery` would split "covid-19" anew).
_QUOTED = r"'''' || replace(replace(word, '\', '\\'), '''', '''''') || ''''"
_ANY_WORD = (
    f"(SELECT string_agg({_QUOTED}, ' | ')::tsquery FROM unnest(tsvector_to_array("
    + " || ".join(f"to_tsvector('{config}', %s)" for config in READINGS)
    + ")) AS word)"
)


def _starts_a_word(term: str) -> Q:
    """SQLite: plans whose text has `term` at the start of a word ("eau" finds "eau" and "eaux",
    not "beauty" or "Bureau"). LIKE narrows the plans first; the regular expression, run in
    Python by Django's SQLite backend, then reads only those."""
    return Q(search_text__icontains=term) & Q(search_text__iregex=_word_start(term))


def _word_start(term: str) -> str:
    return (r"\b" if re.match(r"\w", term) else "") + re.escape(term)


def snippets(plans, q: str) -> dict[int, str]:
    """For a page of results, an excerpt of each around its matches, marked; safe HTML. Cut
    from what the labs wrote in answer (not tag names, chosen values or packed partner lists,
    which search also reads), with markdown images, links' addresses and other URLs left out."""
    q = q.strip()
    if not q or not plans:
        return {}
    rows = LearningPlan.objects.filter(pk__in=[plan.pk for plan in plans])
    texts = {pk: text or "" for pk, text in rows.values_list("pk", "answer_text")}
    if not uses_postgres():
        return {pk: _excerpt(text, q) for pk, text in texts.items()}
    # PostgreSQL cuts the excerpt from around the first match: a stretch of the text there is
    # what it reads, not the whole of every answer (a plan's run to thousands of words).
    texts = {pk: _around_first_match(text, q) for pk, text in texts.items()}
    return {
        pk: mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))
        for pk, text in _headlines(texts, q).items()
    }


def _headlines(texts: dict[int, str], q: str) -> dict[int, str]:
    """PostgreSQL's headline of each text for the search `q`. The texts go as array parameters,
    unnested, not as a CASE of twenty values that the ORM resolved and compiled value by value
    (a fifth of a search page's snippets). A text of a few words is shown whole: in fragments,
    PostgreSQL stretches no fragment past a match near the text's end ("Boreholes run dry by
    May." gave "Boreholes")."""
    words, params = _sql(_query(parse_websearch(q).positive()))
    options = [_HEADLINE[len(text.split()) > HEADLINE_WORDS] for text in texts.values()]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT snippet.id, ts_headline('{SIMPLE}', snippet.text, {words}, snippet.options) "
            "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS snippet (id, text, options)",
            [*params, list(texts), list(texts.values()), options],
        )
        return dict(cursor.fetchall())


HEADLINE_WORDS = 30
# ts_headline's options: a short text whole, a longer one in up to two fragments.
_HEADLINE = [
    f'StartSel="{_START}", StopSel="{_STOP}", MaxWords={HEADLINE_WORDS}, MinWords=12'
    + (', MaxFragments=2, FragmentDelimiter=" … "' if fragments else "")
    for fragments in (False, True)
]


# The plan's own answers in prose: not its choices (challenge type, handover options), stage
# times or list of links.
ANSWER_FIELDS = [
    name
    for name in PLAN_FIELDS
    if isinstance(LearningPlan._meta.get_field(name), TextField) and name != "blog_links"
]
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"(?:https?://|www\.)\S+|</?[a-zA-Z][^<>]*>")  # and HTML tags
# A line's heading, quote or bullet mark; emphasis and code marks at a word's edge.
_LINE_MARK = re.compile(r"^\s*(?:#+|>|[-*+](?=\s))", re.MULTILINE)
_EMPHASIS = re.compile(r"(?<!\w)[*_`~]+|[*_`~]+(?!\w)")


def answer_text(plan, questions, insights, others) -> str:
    """What the labs wrote in answer, as plain text: the plan's own answers in prose, then its
    questions, insights and other answers."""
    answers = [getattr(plan, name) for name in ANSWER_FIELDS]
    answers += [question.question for question in questions]
    answers += [insight.text for insight in insights]
    answers += [other.answer for other in others]
    return plain_text("\n".join(filter(None, answers)))


def plain_text(markdown: str) -> str:
    """Markdown as words: images and addresses left out, a link's text kept, markup dropped."""
    text = markdown
    # Most answers hold no image, link, address or tag: those are not looked for there.
    if "](" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub(" ", text))
    if "://" in text or "www." in text or "<" in text:
        text = _URL.sub(" ", text)
    text = _LINE_MARK.sub("", text)
    if any(mark in text for mark in "*_`~"):
        text = _EMPHASIS.sub("", text)
    return " ".join(text.split())


SNIPPET_LENGTH = 240
# What PostgreSQL's headline reads: from a little before the first match, some 250 words.
BEFORE_MATCH, AROUND_MATCH = 300, 1500


def _around_first_match(text: str, q: str) -> str:
    """The stretch of `text` from a few words before the first word that starts with a term of
    `q`, cut at spaces; the whole text when none does, for the search's stemming in five
    languages to find what else matches ("farms" for "farming")."""
    if len(text) <= AROUND_MATCH:
        return text
    terms = {term for group in parse_websearch(q).groups for term in group}
    starts = "|".join(_word_start(term) for term in terms)
    found = re.search(starts, text, re.IGNORECASE) if terms else None
    if not found:
        return text
    start = max(found.start() - BEFORE_MATCH, 0)
    if start:
        start = text.find(" ", start, found.start()) + 1 or found.start()
    end = text.rfind(" ", found.end(), start + AROUND_MATCH)
    return text[start : end if end > found.end() else len(text)]


def _excerpt(text: str, q: str) -> str:
    """SQLite: about SNIPPET_LENGTH characters of `text` from a little before the first match,
    cut at spaces, with the words starting with a term marked."""
    terms = {term for group in parse_websearch(q).groups for term in group}
    starts = "|".join(_word_start(term) for term in terms)
    pattern = re.compile(f"((?:{starts})\\w*)", re.I)  # the whole word marked
    found = pattern.search(text) if terms else None
    if not found:
        return ""
    start = max(found.start() - 80, 0)
    if start:
        start = text.find(" ", start) + 1 or found.start()
        start = min(start, found.start())
    end = start + SNIPPET_LENGTH
    if end < len(text):
        # The last space within the length, or else the first after the match.
        end = text.rfind(" ", found.end(), end + 1)
        if end == -1:
            end = text.find(" ", found.end())
        if end == -1:
            end = len(text)
    parts = pattern.split(text[start:end])  # the matches at odd places
    marked = "".join(
        f"<mark>{escape(part)}</mark>" if index % 2 else escape(part)
        for index, part in enumerate(parts)
    )
    return mark_safe(("… " if start else "") + marked + (" …" if end < len(text) else ""))
