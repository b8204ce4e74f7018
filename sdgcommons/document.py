"""The SDG Commons markdown export of a plan: read into `PlanData`, and written back from it.

Reading never drops text: an answer the questionnaire has no field for, or one that does not
parse as its field's kind, becomes an `Other` kept with its section and prompt. Writing follows the
plan's questionnaire version, so `write(read(write(read(text))))` equals `write(read(text))`.
"""

import re
from dataclasses import dataclass, field

from plans import countries
from plans import questionnaire as q

from . import answers

GROUP_OPEN = '<div class="group">'
GROUP_CLOSE = "</div>"
VOCABULARIES = {
    "datasources": "datasource",
    "methods": "method",
    "sdgs": "sdg",
    "thematic_areas": "theme",
}
METADATA_KEYS = {"focal_point", "year", "type", "country", "latlng", *VOCABULARIES}
# The platform writes a section that has no description as "****" under its heading.
EMPTY_DESCRIPTION = "****"
_PROMPT = re.compile(r"^>(?: (.*))?$")
# A group's prompt opens an item right after its <div>; the others open one wherever they stand.
_PROMPT_KEYS = q.ALL_PROMPT_KEYS - {
    key
    for version in q.VERSIONS
    for key, (_, prompt) in version.prompt_index.items()
    if prompt.group
}
_META = re.compile(r"^\[\[([A-Za-z_]+):")


class DocumentError(ValueError):
    """A document that cannot be imported; `lines` (1-based) say where, when it is known."""

    def __init__(self, message: str, *lines: int):
        super().__init__(message)
        self.lines = lines
        self.line = lines[0] if lines else None

    def __str__(self):
        if not self.lines:
            return self.args[0]
        if len(self.lines) == 1:
            return f"line {self.lines[0]}: {self.args[0]}"
        numbers = ", ".join(map(str, self.lines[:-1]))
        return f"lines {numbers} and {self.lines[-1]}: {self.args[0]}"


@dataclass
class Item:
    prompt: str | None  # None: text written under a heading before any prompt
    line: int
    group: bool = False
    lines: list[str] = field(default_factory=list)

    @property
    def answer(self) -> str:
        # Only the blank lines around an answer are the format's: the spaces that end its lines
        # (markdown line breaks, or no-break spaces) are the lab's.
        return answers.trim_blank_lines(answers.decode_entities("\n".join(self.lines)))


@dataclass
class Block:
    heading: str
    line: int
    items: list[Item] = field(default_factory=list)


@dataclass
class Other:
    section: str
    prompt: str | None
    answer: str
    is_group: bool = False


@dataclass
class PlanData:
    """Everything a document says, shaped like the model."""

    title: str = ""
    heading: str = ""
    focal_point: str = ""
    year: int = 0
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    tags: dict[str, list[str]] = field(default_factory=dict)
    extra_metadata: list[list[str]] = field(default_factory=list)
    version: q.Version = field(default_factory=lambda: q.CURRENT["plan"])
    language: str = "en"
    fields: dict = field(default_factory=dict)
    repeats: dict[str, list[dict]] = field(default_factory=dict)
    others: list[Other] = field(default_factory=list)

    @property
    def kind(self):
        return self.version.kind


def lex(text: str) -> tuple[str | None, list[tuple[str, str, int]], list[Block]]:
    """Split a document into its heading, metadata lines and blocks of prompts and answers."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    heading, metadata = None, []
    number = 0
    while number < len(lines):
        line = lines[number]
        if heading is None and (line.startswith("# ") or line.rstrip() == "#"):
            heading, number = _heading(lines, number)
            continue
        match = _META.match(line)
        if match:
            number += 1
            start = number
            value = line[match.end() :]
            while not value.rstrip().endswith("]]") and number < len(lines):
                value += "\n" + lines[number]
                number += 1
            metadata.append((match.group(1), " ".join(value.rstrip()[:-2].split()), start))
            continue
        if line.strip():
            break
        number += 1
    return heading, metadata, _blocks(lines, number)


def _heading(lines: list[str], number: int) -> tuple[str, int]:
    """The document's heading as written, and the number of the line after it.

    A long heading can wrap onto a second paragraph, or an empty `# ` be followed by the title on
    the next line: text between the `# ` line and the metadata belongs to the heading.
    """
    first = lines[number][1:].strip()
    end = number + 1
    while end < len(lines) and not (
        _META.match(lines[end]) or lines[end].startswith(("#", ">", GROUP_OPEN))
    ):
        end += 1
    rest = lines[number + 1 : end]
    while rest and not rest[-1].strip():
        rest.pop()
    if rest and end < len(lines) and _META.match(lines[end]):
        return "\n".join([first, *rest]), end
    return first, number + 1


def _blocks(lines: list[str], number: int) -> list[Block]:
    """The headed blocks of prompts and answers, from line `number` (0-based) on.

    Answers are free text, and some hold lines that look like structure: a `## End`, a `</div>`,
    a quote of their own. A line is structure only where the platform writes it: a prompt of a
    questionnaire, any prompt right after a group's `<div>`, a heading of a questionnaire (or an
    empty one) followed by prompts or by nothing more, a `</div>` followed by structure. Anything
    else is answer text.
    """
    ahead, after_heading = _structure_ahead(lines)
    blocks = []
    block = item = None
    in_group = group_opened = False
    for index in range(number, len(lines)):
        line, stripped = lines[index], lines[index].strip()
        if _is_heading(line) and after_heading[index + 1]:
            block = Block(heading=line[3:].strip(), line=index + 1)
            blocks.append(block)
            item, in_group, group_opened = None, False, False
            continue
        if block is None:
            block = Block(heading="", line=index + 1)
            blocks.append(block)
        if stripped == GROUP_OPEN:
            in_group, group_opened, item = True, True, None
            continue
        if stripped == GROUP_CLOSE and in_group and ahead[index + 1]:
            in_group, group_opened, item = False, False, None
            continue
        match = _PROMPT.match(line.rstrip())
        if match and (group_opened or _is_prompt(line)):
            item = Item(prompt=(match.group(1) or "").strip(), line=index + 1, group=in_group)
            block.items.append(item)
            group_opened = False
            continue
        if not stripped:
            if item is not None:
                item.lines.append(line)
            continue
        group_opened = False
        if item is None:
            item = Item(prompt=None, line=index + 1, group=in_group)
            block.items.append(item)
        item.lines.append(line)
    return blocks


def _structure_ahead(lines: list[str]) -> tuple[list[bool], list[bool]]:
    """For each line, whether the first one from it on that is not blank is structure, or the end.

    `after_heading` answers the same for what follows a heading, where the platform may write
    "****" (an empty section description) and further headings before the prompts.
    """
    ahead = [True] * (len(lines) + 1)
    after_heading = [True] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        line, stripped = lines[index], lines[index].strip()
        if not stripped:
            ahead[index], after_heading[index] = ahead[index + 1], after_heading[index + 1]
        elif stripped == EMPTY_DESCRIPTION:
            ahead[index], after_heading[index] = False, after_heading[index + 1]
        elif _is_heading(line):
            ahead[index] = after_heading[index] = after_heading[index + 1]
        else:
            ahead[index] = after_heading[index] = stripped == GROUP_OPEN or _is_prompt(line)
    return ahead, after_heading


def _is_heading(line: str) -> bool:
    """A `## ` line naming a section of a questionnaire, in any of its languages, or none."""
    if not (line.rstrip() == "##" or line.startswith("## ")):
        return False
    heading = line[3:].strip()
    return not heading or q.section_for_heading(heading) is not None


def _is_prompt(line: str) -> bool:
    """A `> ` line quoting a prompt of a questionnaire that is asked outside groups."""
    match = _PROMPT.match(line.rstrip())
    return bool(match) and q.prompt_key(match.group(1) or "") in _PROMPT_KEYS


def read(text: str) -> PlanData:
    """Parse one exported document; raise DocumentError for a document that is not a plan."""
    heading, metadata, blocks = lex(text)
    if not any(key == "type" and value.strip() == "learningplan" for key, value, _ in metadata):
        raise DocumentError("not a learning plan: it has no [[type:learningplan]] metadata line")
    if heading is None:
        raise DocumentError('it has no "# Title" line', 1)
    data = PlanData(heading=heading)
    _read_metadata(data, metadata)
    prompt_keys = {
        q.prompt_key(item.prompt)
        for block in blocks
        for item in block.items
        if item.prompt is not None
    }
    data.version = q.best_version(prompt_keys, data.year)
    data.language = next(
        (
            found[1]
            for block in blocks
            if (found := q.section_for_heading(block.heading)) and found[1] != "en"
        ),
        "en",
    )
    _read_answers(data, blocks)
    # The title is the answer to the name prompt; a heading wrapped onto lines reads as one line.
    data.title = data.fields.pop("title", "").strip() or " ".join(
        line.strip() for line in heading.split("\n") if line.strip()
    )
    if data.title == heading:
        data.heading = ""
    return data


def _read_metadata(data: PlanData, metadata: list[tuple[str, str, int]]) -> None:
    first = {}  # key: (the value as compared, as written, its line)
    for key, value, line in metadata:
        value = answers.decode_entities(value).strip()
        if key in VOCABULARIES:
            if value:
                data.tags.setdefault(VOCABULARIES[key], []).append(value)
            continue
        if key not in METADATA_KEYS:
            data.extra_metadata.append([key, value])
            continue
        compared = _metadata_value(key, value, line)
        if key in first:
            # A repeat saying the same adds nothing; one saying otherwise leaves no way to tell
            # which is right.
            if compared != first[key][0]:
                raise DocumentError(_conflict(key, first[key][1], value), first[key][2], line)
            continue
        first[key] = (compared, value, line)
        if key == "year":
            data.year = compared
        elif key == "country":
            data.country = value
        elif key == "focal_point":
            data.focal_point = value
        elif key == "latlng":
            data.latitude, data.longitude = compared
    if not data.year:
        raise DocumentError("it has no [[year:…]] metadata line")
    if not data.country:
        raise DocumentError("it has no [[country:…]] metadata line")


def _metadata_value(key: str, value: str, line: int):
    """The value of a metadata line as two lines are compared; DocumentError if malformed."""
    if key == "year":
        if not re.fullmatch(r"20\d\d", value):
            raise DocumentError(f'the year "{value}" is not a year like 2023', line)
        return int(value)
    if key == "latlng":
        try:
            latitude, longitude = (float(part) for part in value.split(","))
        except ValueError:
            message = f'the coordinates "{value}" are not "latitude,longitude"'
            raise DocumentError(message, line) from None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise DocumentError(f'the coordinates "{value}" are out of range', line)
        return latitude, longitude
    if key == "country":
        country = countries.lookup(value)
        if country:
            return country.code
    return " ".join(value.split()).casefold()


_METADATA_NAMES = {
    "year": "years",
    "country": "countries",
    "focal_point": "focal points",
    "latlng": "coordinates",
    "type": "types",
}


def _conflict(key: str, first: str, second: str) -> str:
    if key != "year":
        first, second = f'"{first}"', f'"{second}"'
    return f"two different {_METADATA_NAMES[key]}, {first} and {second}"


def _read_answers(data: PlanData, blocks: list[Block]) -> None:
    seen = set()
    evidence = None  # the evidence field that empty group prompts add to
    for block in blocks:
        evidence = None
        for item in block.items:
            answer = item.answer
            key = None if item.prompt is None else q.prompt_key(item.prompt)
            # Evidence comes in groups under an empty (or "None") prompt, or under none at all.
            if evidence and item.group and key in (None, "", "none"):
                data.fields[evidence] = "\n\n".join(filter(None, [data.fields[evidence], answer]))
                continue
            if item.prompt is None:
                if answer:
                    data.others.append(Other(block.heading, None, answer, item.group))
                continue
            found = data.version.prompt_index.get(key)
            evidence = None
            if found is None or not found[1].field:
                if answer or found is None:
                    data.others.append(Other(block.heading, item.prompt, answer, item.group))
                continue
            section, prompt = found
            if prompt.note:
                answer = _drop_note(answer, prompt.note)
            try:
                value = answers.parse(prompt.kind, answer)
            except ValueError:
                data.others.append(Other(block.heading, item.prompt, answer, item.group))
                continue
            if section.repeat and prompt in section.repeat.prompts:
                items = data.repeats.setdefault(section.repeat.name, [])
                if not items or prompt.field in items[-1]:
                    items.append({})
                items[-1][prompt.field] = value
            elif prompt.field in seen:
                data.others.append(Other(block.heading, item.prompt, answer, item.group))
            else:
                seen.add(prompt.field)
                data.fields[prompt.field] = value
                if prompt.kind == q.EVIDENCE:
                    evidence = prompt.field
    for items in data.repeats.values():
        items[:] = [item for item in items if any(v not in ("", None, []) for v in item.values())]
    if "partnerships" in data.repeats:
        data.repeats["partnerships"] = unpack_partners(data.repeats["partnerships"])


def _drop_note(answer: str, note: str) -> str:
    first, _, rest = answer.partition("\n\n")
    return answers.trim_blank_lines(rest) if q.prompt_key(first) == q.prompt_key(note) else answer


_PACKED_LINE = re.compile(
    r"^(?P<name>.+?)\s*(?:\((?P<sector>[^()]{2,40})\))?\s*(?:[-–—:]\s+(?P<description>.*))?$"
)
_NUMBERED = re.compile(r"(?:^|\s)\(?(\d{1,2})[.)]\s+")


def unpack_partners(items: list[dict]) -> list[dict]:
    """Split a name answer that packs several organisations into one partner each.

    Seen in exports: one per line as "Name (sector) - description", or numbered on one line as
    "1. A (2) B (3) C". The first partner keeps the group as written (`source`), so the export
    can give the labs' words back unchanged.
    """
    result = []
    for item in items:
        names = _packed_names(item.get("name", ""))
        if len(names) < 2:
            result.append(item)
            continue
        for index, line in enumerate(names):
            name, sector_text, description = _PACKED_LINE.match(line).group(
                "name", "sector", "description"
            )
            sector = answers.sector_from_text(sector_text or "")
            if sector_text and sector is None:
                name = f"{name} ({sector_text})"
            partner = {
                "name": name.strip(),
                "sector": sector or "",
                "description": description or "",
            }
            if index == 0:
                partner["sector"] = partner["sector"] or item.get("sector", "")
                partner["is_new_and_unusual"] = item.get("is_new_and_unusual")
                partner["source"] = {k: v for k, v in item.items() if k != "source"}
            result.append(partner)
    return result


def repack_partners(items: list[dict]) -> list[dict]:
    """The partner groups to write: a packed answer as written while its partners are unchanged."""
    result, index = [], 0
    while index < len(items):
        source = items[index].get("source")
        if source:
            unpacked = [_without_source(item) for item in unpack_partners([source])]
            following = [_without_source(item) for item in items[index : index + len(unpacked)]]
            if unpacked == following:
                result.append(source)
                index += len(unpacked)
                continue
        result.append(_without_source(items[index]))
        index += 1
    return result


def _without_source(item: dict) -> dict:
    return {
        key: value for key, value in item.items() if key != "source" and value not in ("", None)
    }


def _packed_names(text: str) -> list[str]:
    lines = [
        re.sub(r"^\s*(?:\d{1,2}[.)]|[-*•·])\s*", "", line).strip() for line in text.splitlines()
    ]
    lines = [line for line in lines if line]
    if len(lines) >= 2:
        return lines
    numbers = list(_NUMBERED.finditer(text))
    if len(numbers) >= 2 and [int(m.group(1)) for m in numbers] == list(range(1, len(numbers) + 1)):
        bounds = [m.end() for m in numbers]
        starts = [m.start() for m in numbers[1:]] + [len(text)]
        return [text[start:end].strip(" ,;") for start, end in zip(bounds, starts, strict=True)]
    return lines


def write(data: PlanData) -> str:
    """The document in the export format, with the prompts of its questionnaire version."""
    out = [f"# {data.heading or data.title}", ""]
    if data.focal_point:
        out += [f"[[focal_point:{data.focal_point}]]", ""]
    out += [f"[[year:{data.year}]]", "", "[[type:learningplan]]", ""]
    for key, vocabulary in VOCABULARIES.items():
        out += [f"[[{key}:{name}]]" for name in data.tags.get(vocabulary, [])]
    out += [f"[[{key}:{value}]]" for key, value in data.extra_metadata]
    out.append(f"[[country:{data.country}]]")
    if data.latitude is not None and data.longitude is not None:
        out.append(f"[[latlng:{data.latitude!r},{data.longitude!r}]]")
    placed = set()
    for section in data.version.sections:
        out += _write_section(data, section, placed)
    # Sections the version does not know (or headings left blank) follow, as they were.
    heading = None
    for index, other in enumerate(data.others):
        if index in placed:
            continue
        if other.section != heading:
            heading = other.section
            out += [f"## {heading}".rstrip(), ""]
        out += _write_item(other.prompt, other.answer, other.is_group)
    return "\n".join(out).rstrip("\n") + "\n"


def _write_section(data: PlanData, section: q.Section, placed: set[int]) -> list[str]:
    heading = f"## {section.heading_in(data.language)}"
    mine = [
        (index, other)
        for index, other in enumerate(data.others)
        if index not in placed
        and (found := q.section_for_heading(other.section))
        and found[0] == section.key
    ]
    out = [heading, ""]
    for index, other in mine:
        if other.prompt is None:
            out += _write_item(None, other.answer, other.is_group)
            placed.add(index)
    for prompt in section.prompts:
        value = data.title if prompt.field == "title" else data.fields.get(prompt.field)
        out += _write_prompt(prompt, value)
    if section.repeat:
        items = data.repeats.get(section.repeat.name) or [{}]
        if section.repeat.name == "partnerships":
            items = repack_partners(items)
        for number, item in enumerate(items):
            if number and section.repeat.section_per_item:
                out += [heading, ""]
            for prompt in section.repeat.prompts:
                out += _write_prompt(prompt, item.get(prompt.field))
    for prompt in section.closing:
        out += _write_prompt(prompt, data.fields.get(prompt.field))
    for index, other in mine:
        if other.prompt is not None:
            out += _write_item(other.prompt, other.answer, other.is_group)
            placed.add(index)
    return out


def _write_prompt(prompt: q.Prompt, value) -> list[str]:
    if not prompt.field:
        return _write_item(prompt.text, "", False)
    if prompt.kind == q.EVIDENCE:
        out = _write_item(prompt.text, "", False)
        return out + (_write_item("", value, True) if value else [])
    text = answers.format(prompt.kind, value if value is not None else _empty(prompt.kind))
    return _write_item(prompt.text, text, prompt.group, prompt.note)


def _empty(kind: str):
    return [] if kind in (q.STAGES, q.OPTIONS, q.INSIGHTS) else None


def _write_item(prompt: str | None, answer: str, group: bool, note: str = "") -> list[str]:
    out = [] if prompt is None else [f"> {prompt}".rstrip(), ""]
    if note:
        out += [note, ""]
    if answer:
        out += [answers.encode_entities(answer), ""]
    return [GROUP_OPEN, "", *out, GROUP_CLOSE, ""] if group else out
