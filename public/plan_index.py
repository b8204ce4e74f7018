"""The anonymous listing's index of the published plans: what its filters, facets and sorts read
of each plan, as arrays held in memory by each server process.

The database keeps a token (`PublishedVersion`) that its triggers renew, in the same transaction,
whenever that changes (see `plans.published_groups`). Each listing request reads the token and
rebuilds the index when it differs from the one the index was built at, so a page never counts
from plans as they were before a committed change. Filtering and counting are then array
operations: at 100,000 plans a few milliseconds where the grouped SQL queries took a quarter of
a second. The searched words, country and region, and terms are still looked up in the database
per request; what the page shows of each plan is read for that page's plans only.

The counts are those of `filters.facets` over SQL (the tests compare both on every filter):
`Selection` gives `facets` the same three things the SQL path counts, under the same exclusions.
"""

import math
import threading
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast

from labs.models import Lab
from partners.models import PartnerOrganisation, Partnership
from plans.models import LearningPlan, PublishedVersion, Tag
from plans.search import SECTOR_BITS, fetch_arrays, mask_of, matching
from plans.search import ranks as search_ranks

from .filters import (
    BIT_FACETS,
    FILTER_NAMES,
    SCALAR_FACETS,
    TAG_FILTERS,
    ValuesField,
    facets,
    named_labs,
    named_terms,
    named_years,
)
from .listing import ORDERS, visible_plans

# The plan's columns the scalar facets count ("lab" for country and region).
COLUMNS = ["lab", "year", "kind", "challenge_type"]
# A kept search holds a flag and a rank per plan: half a megabyte at 100,000 plans. (The
# benchmark keeps none: it times searches as asked for the first time.)
KEPT_SEARCHES = 16
# The bits of the largest 32-bit float.
_HIGHEST_BITS = np.int64(np.finfo(np.float32).max.view(np.int32))


@dataclass(eq=False)
class PlanIndex:
    token: str | None
    pk: np.ndarray  # the plans' ids, ascending: a plan's place in every other array
    # Per column: each plan's value as its place in the column's values (`values`).
    codes: dict[str, np.ndarray]  # "lab", "year", "kind", "challenge_type"
    values: dict[str, list]
    masks: dict[str, np.ndarray]  # "stage" and "partner_sector": the plans' bits
    link_plan: np.ndarray  # per term on a plan, in the plans' order: the plan's place
    link_tag: np.ndarray  # and the term's place in `tags`
    first_link: np.ndarray  # per plan, where its links start (and the next plan's, theirs end)
    # The same links by term: each term's plans (places), and where each term's start.
    tag_plans: np.ndarray
    first_tag_plan: np.ndarray
    tags: np.ndarray  # the terms' ids
    vocabularies: dict[str, np.ndarray]  # per vocabulary, which of `tags` are its approved
    orders: dict[str, np.ndarray]  # "newest" and "title": the plans' places in that order
    # A plan's place in the order of latest year first, then title (then id): how plans that
    # rank alike, or share as many terms, are ordered.
    year_title_place: np.ndarray
    _unfiltered: dict = field(default_factory=dict)
    searches: dict = field(default_factory=dict)  # the last searches' matches, oldest first

    def related(self, pk: int, tag_pks: list[int], count: int) -> list[int]:
        """The ids of the `count` published plans but plan `pk` that carry the most of the terms
        `tag_pks`: most shared first, then the latest year, then by title."""
        tagged = self.tag_plans[_stretches(self.first_tag_plan, _places(self.tags, tag_pks))]
        # Counted among the plans tagged (a thousand or so), not over every plan: at 100,000
        # plans that took 0.8 ms a plan page.
        candidates, shared = np.unique(tagged, return_counts=True)
        others = ~np.isin(candidates, _places(self.pk, [pk]))
        candidates, shared = candidates[others], shared[others]
        order = np.lexsort((self.year_title_place[candidates], -shared))
        return self.pk[candidates[order[:count]]].tolist()

    @cached_property
    def directory(self) -> "Directory":
        """The partner directory's counts, read when it is first asked for."""
        return Directory.build(self.pk)


@dataclass(eq=False)
class Directory:
    """The organisations partnered in published plans, as the partner directory counts them:
    how many published plans name each, how many of its partnerships are new and unusual, the
    sectors it is partnered in; in the directory's order (most plans first, then by name)."""

    ids: np.ndarray  # the organisations' ids, in the directory's order
    plans: np.ndarray  # per organisation, in that order: its published plans
    new_and_unusual: np.ndarray  # and its partnerships called new and unusual
    sectors: np.ndarray  # and the sectors it is partnered in, as a plan's `sector_mask` is

    @classmethod
    def build(cls, published: np.ndarray) -> "Directory":
        """From the partnerships of the `published` plans (the index's): all partnerships are
        read, without joining the wide plans table for their status (half the time)."""
        partnerships = Partnership.objects.filter(organisation__isnull=False).order_by()
        rows = _fetch(
            partnerships.values_list("organisation", "plan", "is_new_and_unusual", "sector")
        )
        by_name = PartnerOrganisation.objects.order_by("name", "pk").values_list("pk")
        in_name_order = np.array(_fetch(by_name), dtype=np.int64).reshape(-1)
        columns = list(zip(*rows, strict=True)) or [(), (), (), ()]
        plan = np.array(columns[1], dtype=np.int64)
        kept = np.isin(plan, published)
        plan = plan[kept]
        ids, code = np.unique(np.array(columns[0], dtype=np.int64)[kept], return_inverse=True)
        code = code.reshape(-1)
        # An organisation named twice in one plan counts that plan once.
        span = int(plan.max()) + 1 if len(plan) else 1
        plans = np.bincount(np.unique(code * span + plan) // span, minlength=len(ids))
        flagged = np.array([flag is True for flag in columns[2]], dtype=bool)[kept]
        new_and_unusual = np.bincount(code[flagged], minlength=len(ids))
        sectors = np.zeros(len(ids), dtype=np.int64)
        bits = np.array([SECTOR_BITS.get(sector, 0) for sector in columns[3]], dtype=np.int64)
        bits = bits[kept]
        np.bitwise_or.at(sectors, code, bits)
        # Each organisation's place in name order. (Read after the partnerships, the names hold
        # every organisation they name but one merged away meanwhile, which renews the token.)
        by_id = np.argsort(in_name_order)
        found = np.minimum(np.searchsorted(in_name_order[by_id], ids), len(by_id) - 1)
        name_place = by_id[found]
        order = np.lexsort((name_place, -plans))
        return cls(ids[order], plans[order], new_and_unusual[order], sectors[order])

    def ordered(self, *, sectors=(), among=None) -> np.ndarray:
        """The places of the organisations partnered in any of `sectors` (any at all if none)
        and among the organisations `among` (a queryset; all if None), in the directory's
        order."""
        kept = np.ones(len(self.ids), dtype=bool)
        if sectors:
            kept &= (self.sectors & mask_of(SECTOR_BITS, sectors)) > 0
        if among is not None:
            ids = _ids(among.values_list("pk"))
            kept &= np.isin(self.ids, ids)
        return np.flatnonzero(kept)


_lock = threading.Lock()
_searches_lock = threading.Lock()
_current: PlanIndex | None = None


def selection_for(request, *, ranked: bool = False) -> "Selection | None":
    """What the index selects for this request's query string, for visitors who see the
    published plans only (signed-in people may see drafts too: theirs go by SQL)."""
    if request.user.is_authenticated:
        return None
    return Selection(current(), request.GET, request, ranked=ranked)


def listing_facets(request, selection: "Selection | None", *, expand: str = ""):
    """The listing's facets for this request: counted from `selection` (`selection_for`), or
    by SQL for those who get none."""
    return facets(
        request.GET, visible_plans(request), expand=expand, request=request, selection=selection
    )


def current() -> PlanIndex:
    """The index of the published plans as committed now: one query when it holds."""
    global _current
    token = _token()
    index = _current
    if index is None or index.token != token or token is None:
        with _lock:
            if _current is None or _current.token != token or token is None:
                _current = build(token)
            index = _current
    return index


def _token() -> str | None:
    """The token as committed now, read by SQL of its own: every public page asks for it, and
    the ORM took 0.5 ms to build this one query (0.1 ms in all now)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {PublishedVersion._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def build(token) -> PlanIndex:
    """Read what the index holds of the published plans. The token was read first: a change
    committed meanwhile renews it again, and the next request builds afresh."""
    published = LearningPlan.objects.published().order_by("pk")
    # Each plan's tag ids are a JSON list of integers, read as text and parsed all at once.
    tag_ids = Cast("tag_ids", TextField())
    rows = _fetch(published.values_list("pk", *COLUMNS, "stage_mask", "sector_mask", tag_ids))
    tag_lists = [row[7].strip("[] ") for row in rows]
    pk = np.array([row[0] for row in rows], dtype=np.int64)
    values, codes = {}, {}
    for column, name in enumerate(COLUMNS, start=1):
        values[name], inverse = np.unique([row[column] for row in rows], return_inverse=True)
        values[name] = values[name].tolist()
        codes[name] = inverse.reshape(-1)
    terms = list(Tag.objects.order_by("pk").values_list("pk", "vocabulary", "is_approved"))
    tags = np.array([term[0] for term in terms], dtype=np.int64)
    sizes = [text.count(",") + 1 if text else 0 for text in tag_lists]
    joined = ",".join(filter(None, tag_lists))
    linked = np.fromstring(joined, dtype=np.int64, sep=",") if joined else np.zeros(0, np.int64)
    link_plan = np.repeat(np.arange(len(rows)), sizes)
    # A term deleted since its plan was indexed links nothing.
    link_tag, known = _find(tags, linked)
    orders = {
        sort: _places(
            pk, [id for (id,) in _fetch(published.order_by(*ORDERS[sort]).values_list("pk"))]
        )
        for sort in ["newest", "title"]
    }
    title_place = np.empty(len(pk), dtype=np.int64)
    title_place[orders["title"]] = np.arange(len(pk))
    # Years are coded in ascending order: the latest has the highest code.
    year_title_place = np.empty(len(pk), dtype=np.int64)
    year_title_place[np.lexsort((title_place, -codes["year"]))] = np.arange(len(pk))
    link_plan, link_tag = link_plan[known].astype(np.int32), link_tag[known].astype(np.int32)
    by_tag = np.argsort(link_tag, kind="stable")
    return PlanIndex(
        token=token,
        pk=pk,
        codes=codes,
        values=values,
        masks={
            "stage": np.array([row[5] for row in rows], dtype=np.int64),
            "partner_sector": np.array([row[6] for row in rows], dtype=np.int64),
        },
        # Half the memory of 64-bit places (a million links at 100,000 plans), and faster read.
        link_plan=link_plan,
        link_tag=link_tag,
        first_link=_starts(link_plan, len(pk)),
        tag_plans=link_plan[by_tag],
        first_tag_plan=_starts(link_tag, len(tags)),
        tags=tags,
        vocabularies={
            vocabulary: np.array([term[1:] == (vocabulary, True) for term in terms], dtype=bool)
            for vocabulary in Tag.Vocabulary.values
        },
        orders=orders,
        year_title_place=year_title_place,
    )


def _starts(places, size) -> np.ndarray:
    """Where each of `size` stretches of the ascending `places` starts, and the end."""
    return np.concatenate([[0], np.cumsum(np.bincount(places, minlength=size))]).astype(np.int64)


def _stretches(starts, chosen) -> np.ndarray:
    """The positions of the chosen stretches (as `_starts` gives them), one after another."""
    first = starts[chosen]
    lengths = starts[chosen + 1] - first
    # A running count, moved to where each stretch starts.
    return np.arange(int(lengths.sum())) + np.repeat(
        first - (np.cumsum(lengths) - lengths), lengths
    )


def _compiled(queryset) -> tuple[str, tuple] | None:
    """The query's SQL and parameters; None when none() was asked for."""
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:
        return None


def _fetch(queryset) -> list[tuple]:
    """The rows as the database gives them: none of the ORM's per-value conversions, which
    took most of the time on 100,000 plans."""
    if (compiled := _compiled(queryset)) is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*compiled)
        return cursor.fetchall()


def _ids(queryset) -> np.ndarray:
    """The ids a query of one column selects, in no particular order. PostgreSQL sends them as
    one binary string (`fetch_arrays`): a broad search's 19,000 came 2.7 ms sooner so than as
    rows, 0.7 ms sooner than as an array."""
    compiled = _compiled(queryset)
    if connection.vendor != "postgresql" or compiled is None:
        return np.array([id for (id,) in _fetch(queryset)], dtype=np.int64)
    (ids,) = fetch_arrays(*compiled, ["bigint"])
    return ids


def _find(ids, wanted) -> tuple[np.ndarray, np.ndarray]:
    """The places in the ascending `ids` of each of `wanted`, and which of them are there."""
    wanted = np.asarray(wanted, dtype=np.int64)
    places = np.searchsorted(ids, wanted)
    if not len(ids):
        return places, np.zeros(len(wanted), dtype=bool)
    return places, (places < len(ids)) & (ids[np.minimum(places, len(ids) - 1)] == wanted)


def _places(ids, wanted) -> np.ndarray:
    """The places in the ascending `ids` of those of `wanted` (an array, or any iterable of
    ids: read one by one, an array of a search's 19,000 took 1 ms) that are there."""
    if not isinstance(wanted, np.ndarray):
        wanted = np.fromiter(wanted, dtype=np.int64)
    places, found = _find(ids, wanted)
    return places[found]


class Selection:
    """The published plans a query string selects from the index: each filter's plans, and
    what `filters.facets` counts under them."""

    def __init__(self, index: PlanIndex, data, request=None, *, ranked: bool = False):
        self.index = index
        self.ranks = None
        self.chosen = {}  # filter name (or "q") → which plans it keeps
        self._kept_places = {}  # the filters in play → where the plans they keep are
        for name in FILTER_NAMES:
            values = ValuesField().to_python(data.getlist(name))
            if values:
                self.chosen[name] = self._matching(name, values)
        query = data.get("q", "").strip()
        if query:
            self.chosen["q"] = self._searched(request, ranked)

    @cached_property
    def count(self) -> int:
        kept = self.kept()
        return len(self.index.pk) if kept is None else int(kept.sum())

    def kept(self, without=()) -> np.ndarray | None:
        """The plans all filters but those named keep; None for all plans."""
        masks = [mask for name, mask in self.chosen.items() if name not in without]
        return np.logical_and.reduce(masks) if masks else None

    def kept_places(self, without=()) -> np.ndarray | None:
        """Where the plans all filters but those named keep are in the index; None for all.
        What the counts read: taking a facet's values at a broad search's 15,000 places took a
        tenth of the time of taking them under a mask of all 100,000 plans."""
        filters = tuple(name for name in self.chosen if name not in without)
        if filters not in self._kept_places:
            kept = self.kept(without)
            self._kept_places[filters] = None if kept is None else np.flatnonzero(kept)
        return self._kept_places[filters]

    def ids(self, sort: str) -> np.ndarray:
        """The selected plans' ids in the order of `sort`."""
        index = self.index
        if sort == "relevance" and self.ranks is not None:
            places = self.kept_places()
            # As ORDERS["relevance"], by one key: the rank, highest first (the bits of a float
            # of 0 or more order as it does), then the year and title. A lexsort of the three
            # took twice as long over a broad search's 19,000 matches.
            rank = self.ranks[places].view(np.int32).astype(np.int64)
            key = ((_HIGHEST_BITS - rank) << 32) | index.year_title_place[places]
            return index.pk[places[np.argsort(key)]]
        places, kept = index.orders["title" if sort == "title" else "newest"], self.kept()
        return index.pk[places if kept is None else places[kept[places]]]

    def scalar_totals(self) -> tuple[dict[str, dict[str, int]], int, dict[str, int]]:
        """As `filters._scalar_totals`: per scalar facet, how many plans have each value under
        the other filters; how many plans all filters keep, and how many of those have each
        stage and partner-sector bit."""
        labs = {
            pk: (country, region)
            for pk, country, region in Lab.objects.values_list("pk", "country", "region")
        }
        totals = {}
        for name in SCALAR_FACETS:
            column = "lab" if name in ("country", "region") else name
            by_value = {}
            counts = self._once(("values", name), [name], self._counted, column)
            for value, count in counts:
                if column == "lab":
                    value = labs[value][0 if name == "country" else 1]
                by_value[str(value)] = by_value.get(str(value), 0) + count
            by_value.pop("", None)
            totals[name] = by_value
        bits = self._once(("bits",), (), self._bits, list(BIT_FACETS))
        return totals, self.count, bits

    def grouped(self, *columns) -> dict[tuple, int]:
        """How many of the plans all filters keep have each combination of values of `columns`
        (of `COLUMNS`: "lab" gives lab ids), as SQL's GROUP BY counts them."""
        index, places = self.index, self.kept_places()
        sizes = [len(index.values[column]) for column in columns]
        combined = np.int64(0)
        for column, size in zip(columns, sizes, strict=True):
            codes = index.codes[column]
            combined = combined * size + (codes if places is None else codes[places])
        counts = np.bincount(combined, minlength=math.prod(sizes))
        found = np.flatnonzero(counts)
        # Each group's place in each column's values, then the values in those places.
        places = np.unravel_index(found, sizes)
        values = [
            [index.values[column][place] for place in column_places.tolist()]
            for column, column_places in zip(columns, places, strict=True)
        ]
        return dict(zip(zip(*values, strict=True), counts[found].tolist(), strict=True))

    def terms(self) -> dict[str, dict[int, int]]:
        """Per vocabulary, how many of the plans all filters keep carry each approved term."""
        counts = self._once(("tags",), (), self._count_tags)
        return {vocabulary: dict(zip(*pair, strict=True)) for vocabulary, pair in counts.items()}

    def _counted(self, places, column) -> list[tuple]:
        codes = self.index.codes[column] if places is None else self.index.codes[column][places]
        counts = np.bincount(codes, minlength=len(self.index.values[column])).tolist()
        values = self.index.values[column]
        return [(value, count) for value, count in zip(values, counts, strict=True) if count]

    def tags(self, names, without=()) -> dict[str, dict[int, int]]:
        """As `filters._count_tags`, each facet's by tag id: how many plans carry each approved
        term of the tag facets `names`, under the filters but those named `without`."""
        counts = self._once(("tags", *without), without, self._count_tags)
        return {name: dict(zip(*counts[TAG_FILTERS[name]], strict=True)) for name in names}

    def bits(self, name) -> dict[str, int]:
        """As `filters._bit_counters`: how many plans have each bit of the facet `name`, under
        the filters but its own."""
        return self._bits(self.kept_places([name]), [name])

    def _bits(self, places, names) -> dict[str, int]:
        counts = {}
        for name in names:
            masks = self.index.masks[name] if places is None else self.index.masks[name][places]
            for value, bit in BIT_FACETS[name][1].items():
                counts[f"{name}_{value}"] = int(np.count_nonzero(masks & bit))
        return counts

    def _once(self, key, without, count, *args):
        """`count(places, *args)` under the filters but those named `without`. With no filter
        in play they are the same for every request: kept on the index."""
        places = self.kept_places(without)
        if places is not None:
            return count(places, *args)
        if key not in self.index._unfiltered:
            self.index._unfiltered[key] = count(None, *args)
        return self.index._unfiltered[key]

    def _count_tags(self, places) -> dict[str, tuple[list, list]]:
        """Per vocabulary, its approved terms that plans carry: their ids, and how many."""
        index = self.index
        counts = np.bincount(self._links(places), minlength=len(index.tags))
        counted = {}
        for vocabulary, terms in index.vocabularies.items():
            carried = np.flatnonzero(counts * terms)
            counted[vocabulary] = (index.tags[carried].tolist(), counts[carried].tolist())
        return counted

    def _links(self, places) -> np.ndarray:
        """The terms (places in `tags`) of the plans at `places` (None: all), each as often as a
        plan has it: read from those plans' stretches of the links, not a mask over all the
        links."""
        index = self.index
        if places is None:
            return index.link_tag
        return index.link_tag[_stretches(index.first_link, places)]

    def _matching(self, name, values) -> np.ndarray:
        """The plans one filter keeps, as `filters.PlanFilter` selects them."""
        index = self.index
        if name in ("country", "region"):
            return self._having("lab", set(named_labs(name, values).values_list("pk", flat=True)))
        if name == "year":
            return self._having(name, set(named_years(values)))
        if name in ("kind", "challenge_type"):
            return self._having(name, set(values))
        if name in TAG_FILTERS:
            return self._tagged(name, values)
        return (index.masks[name] & mask_of(BIT_FACETS[name][1], values)) > 0

    def _having(self, column, wanted: set) -> np.ndarray:
        """The plans whose `column` holds any of the values `wanted`."""
        chosen = [value in wanted for value in self.index.values[column]]
        return np.array(chosen, dtype=bool)[self.index.codes[column]]

    def _tagged(self, name, values) -> np.ndarray:
        index = self.index
        pks = named_terms(name, values).values_list("pk", flat=True)
        kept = np.zeros(len(index.pk), dtype=bool)
        kept[index.tag_plans[_stretches(index.first_tag_plan, _places(index.tags, pks))]] = True
        return kept

    def _searched(self, request, ranked: bool) -> np.ndarray:
        """The plans the search matches (read on the database's terms), and if `ranked` their
        rank. A visitor who pages through a search or narrows it asks the same words again:
        the last searches' matches are kept with the index (and go with it)."""
        index, key = self.index, (request.GET.get("q", "").strip(), ranked)
        found = index.searches.get(key)
        if found is None:
            found = self._search(request, ranked)
            with _searches_lock:
                while index.searches and len(index.searches) >= KEPT_SEARCHES:
                    index.searches.pop(next(iter(index.searches)))
                if KEPT_SEARCHES:
                    index.searches[key] = found
        kept, self.ranks = found
        return kept

    def _search(self, request, ranked: bool) -> tuple[np.ndarray, np.ndarray | None]:
        index = self.index
        # Of all plans: those the index holds are published.
        matches = _ids(matching(request.GET.get("q", "")))
        kept = np.zeros(len(index.pk), dtype=bool)
        kept[_places(index.pk, matches)] = True
        ranks = None
        if ranked:
            ranks = np.zeros(len(index.pk), dtype=np.float32)  # PostgreSQL's rank
            pks, above_0 = search_ranks(request.GET.get("q", ""))
            places, found = _find(index.pk, pks)
            ranks[places[found]] = above_0[found]
        return kept, ranks
