"""The learning-plan questionnaire, declared once.

Each version lists its sections in order, each section its prompts exactly as the version asked
them, and each prompt the field it fills. The importer, the exporter, the admin, the public plan
page and the focal points' form all read this module: a new yearly version is one more `Version`
in `VERSIONS`.

Fields name a `LearningPlan` field, or an item field of a repeated group (`Repeat.name` is the
related name: `partnerships` or `learning_questions`). A prompt with `field=""` is an
introduction that expects no answer.
"""

import html
from dataclasses import dataclass, field
from functools import cached_property

# `_` only marks the prompts and headings for makemessages: they are kept here in English, as the
# importer and exporter need them, and translated where they are shown (Prompt.translated_text).
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_noop as _

# How an answer's text becomes a value; see sdgcommons/answers.py.
TEXT = "text"
EVIDENCE = "evidence"  # text given in <div class="group"> blocks under an empty prompt
CHOICE = "choice"
YES_NO = "yes_no"
STAGES = "stages"
OPTIONS = "options"
NUMBER = "number"
INSIGHTS = "insights"
SECTOR = "sector"


@dataclass(frozen=True)
class Prompt:
    field: str
    text: str
    kind: str = TEXT
    label: str = ""
    note: str = ""
    group: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def short_label(self):
        return self.label or self.text

    # Display only, in the active language: imports and exports always use the English `text`.
    @property
    def translated_label(self) -> str:
        return _translated(self.short_label)

    @property
    def translated_text(self) -> str:
        question = self.text.removeprefix(f"{self.label}:\u00a0")
        if self.label and question != self.text:
            # French puts a space before the colon: the punctuation is the language's too. (The
            # space after it is a non-breaking one, as the platform wrote it.)
            return pgettext("a labelled prompt", "%(label)s: %(question)s") % {
                "label": _translated(self.label),
                "question": _translated(question),
            }
        return _translated(self.text)

    @property
    def translated_note(self) -> str:
        return _translated(self.note)


def _translated(text: str) -> str:
    # gettext("") would give the catalogue's header.
    return gettext(text) if text else ""


def labelled(field_name: str, label: str, question: str, **kwargs) -> Prompt:
    # The platform wrote "Label:&nbsp;Question"; keep the non-breaking space so exports match.
    return Prompt(field_name, f"{label}:\u00a0{question}", label=label, **kwargs)


@dataclass(frozen=True)
class Repeat:
    """A group of prompts asked once per item: a partner, a learning question."""

    name: str
    prompts: tuple[Prompt, ...]
    section_per_item: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    prompts: tuple[Prompt, ...] = ()
    repeat: Repeat | None = None
    closing: tuple[Prompt, ...] = ()
    # The vocabularies the section asks terms of, as the focal points' TermsForm names them
    # (sdgs, methods, datasources, themes).
    terms: tuple[str, ...] = ()

    @property
    def heading(self):
        return HEADINGS[self.key]["en"]

    @property
    def translated_heading(self) -> str:
        """The heading in the interface's language, for display (exports use heading_in)."""
        return _translated(self.heading)

    def heading_in(self, language: str) -> str:
        return HEADINGS[self.key].get(language, self.heading)

    @property
    def all_prompts(self):
        return (*self.prompts, *(self.repeat.prompts if self.repeat else ()), *self.closing)


@dataclass(frozen=True)
class Version:
    key: str
    kind: str  # LearningPlan.Kind value
    title: str
    years: tuple[int, int]
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @cached_property
    def prompt_index(self) -> dict[str, tuple[Section, Prompt]]:
        index = {}
        for section in self.sections:
            for prompt in section.all_prompts:
                for text in (prompt.text, *prompt.aliases):
                    index.setdefault(prompt_key(text), (section, prompt))
        return index

    @property
    def translated_title(self) -> str:
        return _translated(self.title)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def fields(self) -> list[str]:
        """The plan fields this version asks for, in questionnaire order."""
        return [
            prompt.field
            for section in self.sections
            for prompt in (*section.prompts, *section.closing)
            if prompt.field
        ]


def prompt_key(text: str) -> str:
    """How prompts are compared: entities decoded, case and spacing ignored."""
    return " ".join(html.unescape(text).split()).casefold()


HEADINGS = {
    "title": {"en": _("Title"), "fr": "Titre", "es": "Título"},
    "challenge": {
        "en": _("Challenge statement"),
        "fr": "Énoncé du défi",
        "es": "Declaración de desafío",
    },
    "classification": {
        "en": _("Challenge classification"),
        "fr": "Classement des défis",
        "es": "Clasificación del desafío",
    },
    "partners": {"en": _("Partners"), "fr": "Les partenaires", "es": "Socios"},
    "questions": {
        "en": _("Learning questions"),
        "fr": "Questions d'apprentissage",
        "es": "Preguntas de aprendizaje",
    },
    "closing": {"en": _("Closing"), "fr": "Fermeture", "es": "Clausura"},
    "learnings": {
        "en": _("Learnings on your challenge"),
        "fr": "Enseignements sur votre défi",
        "es": "Aprendizajes sobre tu desafío",
    },
    "data_methods": {
        "en": _("Data and Methods"),
        "fr": "Données et méthodes",
        "es": "Datos y métodos",
    },
    "end": {"en": _("End"), "fr": "Fin", "es": "Fin"},
}
# Spellings seen in exports besides the ones above, mapped to their section and language.
HEADING_VARIANTS = {"classement du défi": ("classification", "fr"), "ailette": ("end", "fr")}


def section_for_heading(heading: str) -> tuple[str, str] | None:
    """(section key, language) for a heading as written, or None for an unknown heading."""
    wanted = " ".join(heading.split()).casefold()
    for key, spellings in HEADINGS.items():
        for language, text in spellings.items():
            if text.casefold() == wanted:
                return key, language
    return HEADING_VARIANTS.get(wanted)


# The plan (2021–2025). Until 2023 the partner name prompt read "Parter".
CHALLENGE_TYPE_NOTE = _(
    "Please note: we ask you to only submit a maximum of 3 challenges - 1x Big Bet, "
    "2x Exploratory. Each challenge must be submitted individually."
)
PLAN_TITLE = Section(
    "title",
    (Prompt("title", _("Please provide a name for your action learning plan."), label=_("Name")),),
)
PLAN_CHALLENGE = Section(
    "challenge",
    (
        Prompt(
            "challenge_type",
            _(
                "Challenge type: If you are working on multiple challenges, please indicate if "
                "this "
                'is your "big bet" or "exploratory" challenge.'
            ),
            kind=CHOICE,
            label=_("Challenge type"),
            note=CHALLENGE_TYPE_NOTE,
        ),
        labelled(
            "challenge_statement",
            _("Challenge statement"),
            _(
                'What is your challenge? (Please answer in specific terms: "Our challenge is '
                "that...”.)"
            ),
        ),
        labelled(
            "background",
            _("Background"),
            _(
                "What is the history of your challenge? What is causing or driving it? Who is "
                "involved? How does the current situation look like? What undesired effects does "
                "it "
                "produce?"
            ),
        ),
        labelled(
            "quantitative_evidence",
            _("Quantitative evidence"),
            _(
                "What (official) data sources do you have on this challenge that better "
                "exemplifies "
                "the importance and urgency of this frontier challenge? You can add text, a link, "
                "or "
                "a picture."
            ),
            kind=EVIDENCE,
        ),
        labelled(
            "qualitative_evidence",
            _("Qualitative evidence"),
            _(
                "What weak signals have you recently spotted that characterizes its urgency? "
                "Please "
                "provide qualitative information that better exemplifies the importance and "
                "urgency "
                "of this frontier challenge. You can add text, a link, or a picture."
            ),
            kind=EVIDENCE,
        ),
        labelled(
            "value_proposition",
            _("Value proposition"),
            _(
                "What added value or unique value proposition is your Accelerator Lab bringing to "
                "solving this challenge? Why is it your Lab that needs to work on this challenge "
                "and "
                "not other actors within UNDP, other stakeholders in the country respectively? Why "
                "is "
                "it worth investing resources to this challenge?"
            ),
        ),
        labelled(
            "tweet_summary",
            _("Short “tweet” summary"),
            _(
                "We would like to tweet what you are working on, can you summarize your challenge "
                "in "
                "a maximum of 280 characters?"
            ),
        ),
    ),
)
PLAN_CLASSIFICATION = Section("classification", terms=("sdgs", "methods", "datasources", "themes"))
PARTNERS_INTRO = Prompt(
    "",
    _(
        "Who are your top 5 partners for this challenge? Please submit from MOST to LEAST "
        "important "
        "and state Name, Sector and a brief description of the (intended) collaboration."
    ),
)
PLAN_PARTNER_DETAILS = (
    Prompt(
        "sector",
        _("What sector does our partner belong to?"),
        kind=SECTOR,
        label=_("Sector"),
        group=True,
    ),
    Prompt(
        "description",
        _("Please provide a brief description of the collaboration."),
        label=_("Collaboration"),
        group=True,
    ),
    Prompt(
        "is_new_and_unusual",
        _("Is this a new and unusual partner for UNDP?"),
        kind=YES_NO,
        label=_("New and unusual partner"),
        group=True,
    ),
)


def plan_partners(name_prompt: str) -> Section:
    name = Prompt("name", name_prompt, label=_("Name"), group=True)
    return Section(
        "partners", (PARTNERS_INTRO,), Repeat("partnerships", (name, *PLAN_PARTNER_DETAILS))
    )


PLAN_QUESTIONS = Section(
    "questions",
    repeat=Repeat(
        "learning_questions",
        (
            labelled(
                "question",
                _("Learning question"),
                _(
                    "What is your learning question for this challenge? What do you need to know "
                    "or "
                    "understand to work on your challenge statement?"
                ),
            ),
            Prompt(
                "stages",
                _("To what stage(s) in the learning cycle does your learning question relate?"),
                kind=STAGES,
                label=_("Stages"),
            ),
            labelled(
                "methods_usage",
                _("Usage of methods"),
                _(
                    "Relating to your choice above, how will you use your methods & tools for this "
                    "learning question? What value do these add in answering your learning "
                    "question?"
                ),
            ),
            labelled(
                "data_gaps",
                _("Existing data gaps"),
                _(
                    "Relating to your choice above, what existing gaps in data or information do "
                    "these new sources of data addressing? What value do these add in answering "
                    "your "
                    "learning question?"
                ),
            ),
        ),
        section_per_item=True,
    ),
)
PLAN_CLOSING = Section(
    "closing",
    (
        labelled(
            "early_leads",
            _("Early leads to grow"),
            _(
                "Think about the possible grow phase for this challenge - who might benefit from "
                "your "
                "work on this challenge or who might be the champions in your country that you "
                "should inform or collaborate with early on to help you grow this challenge?"
            ),
        ),
    ),
)

# The progress report: version A (2021–2023) and version B (2023–2025).
DATA_AND_METHODS = Section(
    "data_methods",
    (
        Prompt(
            "data_rationale",
            _(
                "Relating to your types of data, why did you chose these? What gaps in available "
                "data were these addressing?"
            ),
            label=_("Why these data"),
        ),
        Prompt(
            "methods_rationale",
            _(
                "Why was it necessary to apply the above innovation method on your frontier "
                "challenge? How did these help you to unpack the system?"
            ),
            label=_("Why these methods"),
        ),
    ),
    terms=("methods", "datasources"),
)
BONUS = Prompt(
    "bonus_answer",
    _(
        "Bonus question: How did the interplay of innovation methods, new forms of data and "
        "unusual "
        "partners enable you to learn & generate insights, that otherwise you would have not been "
        "able to achieve?"
    ),
    label=_("Bonus question"),
    aliases=(
        "Bonus question: How did the interplay of innovation methods, new forms of data and "
        "unusual partners enabled you to learn & generate insights, that otherwise you would "
        "have not been able to achieve?",
    ),
)
SUPPORTING_EVIDENCE = Prompt(
    "supporting_evidence",
    _(
        "Please upload any further supporting evidence / documents / data you have produced on "
        "your "
        "frontier challenge that showcase your learnings."
    ),
    kind=EVIDENCE,
    label=_("Supporting evidence"),
)
END = Section("end", (BONUS, SUPPORTING_EVIDENCE))
TIME_SPLIT = (
    Prompt(
        "",
        _(
            "For this frontier challenge, how much of your time did you dedicate to the stages in "
            "the learning cycle? Please make sure that your answers adds up to 100%."
        ),
    ),
    Prompt("time_sense", _("Sense"), kind=NUMBER, group=True),
    Prompt("time_explore", _("Explore"), kind=NUMBER, group=True),
    Prompt("time_test", _("Test"), kind=NUMBER, group=True),
    Prompt("time_grow", _("Grow"), kind=NUMBER, group=True),
)
LEARNINGS_A = Section(
    "learnings",
    (
        Prompt(
            "insights",
            _(
                "What are the top 5 key insights you generated about your frontier challenge "
                "during "
                "this Action Learning Plan?"
            ),
            kind=INSIGHTS,
            label=_("Key insights"),
        ),
        Prompt(
            "blog_links",
            _(
                "Please paste the link(s) to the blog(s) that articulate the learnings on your "
                "frontier challenge."
            ),
            label=_("Blog links"),
        ),
        Prompt(
            "barriers",
            _(
                "Did you experience any barriers or bottlenecks when impacting the system, working "
                "on your frontier challenge respectively?"
            ),
            label=_("Barriers"),
        ),
        *TIME_SPLIT,
    ),
)
PARTNERS_A = Section(
    "partners",
    tuple(
        Prompt(field_name, text, label=label)
        for field_name, label, text in [
            (
                "partners_government",
                _("Government partners"),
                _(
                    "If applicable, what government partners (and related institutions) did you "
                    "actually work with and what did you do with them?"
                ),
            ),
            (
                "partners_private",
                _("Private sector partners"),
                _(
                    "If applicable, what private sector partners did you actually work with and "
                    "what "
                    "did you do with them?"
                ),
            ),
            (
                "partners_civil_society",
                _("Civil society partners"),
                _(
                    "If applicable, what civil society organisations did you actually work with "
                    "and "
                    "what did you do with them?"
                ),
            ),
            (
                "partners_academic",
                _("Academic partners"),
                _(
                    "If applicable, what academic partners (and related institutions) did you "
                    "actually work with and what did you do with them?"
                ),
            ),
            (
                "partners_un",
                _("UN partners"),
                _(
                    "If applicable, which UN internal partners did you actually work with and what "
                    "did you do with them?"
                ),
            ),
            (
                "partners_new_unusual",
                _("New and unusual partners"),
                _(
                    "Relating to your answers above: who of the partners listed were new and "
                    "unusual "
                    "partners for UNDP, and what made them special?"
                ),
            ),
        ]
    ),
)
LEARNINGS_B = Section(
    "learnings",
    (
        Prompt(
            "insights",
            _(
                "What are the top key insights you generated about your learning challenge during "
                "this Action Learning Plan? (Please list a maximum of 5 key insights)"
            ),
            kind=INSIGHTS,
            label=_("Key insights"),
        ),
        Prompt(
            "handover_options",
            _(
                "Considering the outcomes of this learning challenge, which of the following best "
                "describe the handover process? (Please select all that apply)"
            ),
            kind=OPTIONS,
            label=_("Handover"),
        ),
        Prompt(
            "handover_detail",
            _("Can you provide more detail on your handover process?"),
            label=_("Handover in detail"),
        ),
        Prompt(
            "blog_links",
            _(
                "Please paste any link(s) to blog(s) or publication(s) that articulate the "
                "learnings "
                "on your frontier challenge."
            ),
            label=_("Blog links"),
        ),
    ),
)
PARTNERS_B = Section(
    "partners",
    (
        Prompt(
            "",
            _(
                "Please indicate what partners you have actually worked with for this learning "
                "challenge."
            ),
        ),
    ),
    Repeat(
        "partnerships",
        (
            Prompt("name", _("Please state the name of the partner:"), label=_("Name"), group=True),
            Prompt(
                "sector",
                _("What sector does your partner belong to?"),
                kind=SECTOR,
                label=_("Sector"),
                group=True,
            ),
            Prompt(
                "description",
                _("Please provide a brief description of the partnership."),
                label=_("Partnership"),
                group=True,
            ),
            PLAN_PARTNER_DETAILS[2],
        ),
    ),
)

HANDOVER_OPTIONS = [
    _("Our work has not yet scaled"),
    _("Our work has been picked up by UNDP or the government and has now expanded geographically"),
    _("Our work has led to significant changes in our UNDP Country Office programming"),
    _("Our work has led to a significant change in public policy at a national or local level"),
    _("Our private sector partners have expanded our joint work through their own resources"),
    _("Other"),
]

PLAN_SECTIONS_2021 = (
    PLAN_TITLE,
    PLAN_CHALLENGE,
    PLAN_CLASSIFICATION,
    plan_partners(_("Please state the name of the Parter:")),
    PLAN_QUESTIONS,
    PLAN_CLOSING,
)
PLAN_SECTIONS_2023 = (
    PLAN_TITLE,
    PLAN_CHALLENGE,
    PLAN_CLASSIFICATION,
    plan_partners(_("Please state the name of the partner:")),
    PLAN_QUESTIONS,
    PLAN_CLOSING,
)

VERSIONS = [
    Version(
        "plan-2021", "plan", _("Action learning plan, 2021–2023"), (2021, 2023), PLAN_SECTIONS_2021
    ),
    Version(
        "plan-2023", "plan", _("Action learning plan, 2023–"), (2023, 2099), PLAN_SECTIONS_2023
    ),
    Version(
        "progress-2021",
        "progress",
        _("Progress report (closing form), 2021–2023"),
        (2021, 2023),
        (LEARNINGS_A, DATA_AND_METHODS, PARTNERS_A, END),
    ),
    Version(
        "progress-2023",
        "progress",
        _("Progress report, 2023–"),
        (2023, 2099),
        (LEARNINGS_B, DATA_AND_METHODS, PARTNERS_B, END),
    ),
    # A few 2021 exports hold the closing form's learnings and a whole plan in one document.
    Version(
        "combined-2021",
        "progress",
        _("Progress report with its plan, 2021"),
        (2021, 2023),
        (LEARNINGS_A, *PLAN_SECTIONS_2021, END),
    ),
]
BY_KEY = {version.key: version for version in VERSIONS}
# What a new plan or report is written against: the latest version of its kind.
CURRENT = {
    kind: max((v for v in VERSIONS if v.kind == kind), key=lambda v: v.years)
    for kind in dict.fromkeys(v.kind for v in VERSIONS)
}
# Notices the forms showed at their end; they expect no answer, and are kept as written when found.
NOTICES = (
    "END OF ACTION LEARNING PLAN: Thank you! The form saves automatically and your submission has "
    "been recorded. You may now exit this window.",
    'The closing form saves automatically or via the blue "save changes" button the top left. '
    "Thank you",
)
ALL_PROMPT_KEYS = frozenset(
    [*(key for version in VERSIONS for key in version.prompt_index), *map(prompt_key, NOTICES)]
)


def get(key: str, kind: str = "plan") -> Version:
    """The version a plan was written against; the current one for its kind if unknown."""
    return BY_KEY.get(key) or CURRENT[kind]


def best_version(prompt_keys: set[str], year: int) -> Version:
    """The version whose prompts a document uses most; ties go to the one for its year, a plan
    rather than a report, and the version asking least."""

    def score(version):
        matched = len(prompt_keys & version.prompt_index.keys())
        in_years = version.years[0] <= year <= version.years[1]
        return (matched, in_years, version.kind == "plan", -len(version.prompt_index))

    return max(VERSIONS, key=score)


# The plan's own answers, across every version in questionnaire order (the current versions'
# first): what the importer writes, the exporter and the API read, revisions keep and search
# indexes. The title names the plan and insights are rows of their own, so neither is here.
PLAN_FIELDS = list(
    dict.fromkeys(
        name
        for version in (*CURRENT.values(), *VERSIONS)
        for name in version.fields
        if name not in ("title", "insights")
    )
)


def _answer_labels() -> dict[tuple[str, str], str]:
    labels = {}
    for version in (*CURRENT.values(), *VERSIONS):
        for section in version.sections:
            for prompt in (*section.prompts, *section.closing):
                if prompt.field and prompt.label:
                    labels.setdefault(("", prompt.field), prompt.label)
            for prompt in section.repeat.prompts if section.repeat else ():
                if prompt.label:
                    labels.setdefault((section.repeat.name, prompt.field), prompt.label)
    return labels


# The short label the questionnaire gives each answer, by (the repeated part it belongs to, or ""
# for the plan's own, field name), from the current versions first; untranslated (gettext it).
ANSWER_LABELS = _answer_labels()
