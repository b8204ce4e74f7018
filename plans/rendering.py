"""Answers as safe HTML: markdown rendered, then sanitised.

Each answer of a plan and of its parts is rendered when the plan is written (`index_plans`, in
`writing`) and stored with it, by a digest of its text (`LearningPlan.rendered`): once per
version of the plan, not per request. After changing what is rendered or allowed here, run
`manage.py reindex_plans` to render the stored plans again.
"""

import hashlib
import re

import nh3
from markdown_it import MarkdownIt

from .questionnaire import PLAN_FIELDS

# Raw HTML off: what labs pasted as HTML shows as text; links and lists still render.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True}).enable(
    "linkify"
)
# Looking for links took two thirds of rendering, though most answers hold none: text without
# what a link needs (a scheme, "//", an e-mail's "@", a dot before two letters, as in a domain
# name's ending) is rendered without looking.
_markdown_without_links = MarkdownIt("commonmark", {"html": False, "breaks": True})
_MAYBE_LINK = re.compile(r"(?i)(?:https?|ftp|mailto):|//|@|\.[^\W\d_]{2}")
_ALLOWED_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "img",
    "h3",
    "h4",
    "hr",
}


def render(text: str) -> str:
    renderer = _markdown if _MAYBE_LINK.search(text) else _markdown_without_links
    return nh3.clean(
        renderer.render(text),
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "img": {"src", "alt", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def rendered_answers(plan, *, partnerships, questions, insights, others) -> dict[str, str]:
    """Every answer of the plan and its parts that pages show as markdown, rendered, by digest."""
    texts = [getattr(plan, name) for name in PLAN_FIELDS]
    texts += [partnership.description for partnership in partnerships]
    for question in questions:
        texts += [question.question, question.methods_usage, question.data_gaps]
    texts += [insight.text for insight in insights]
    texts += [other.answer for other in others]
    return {digest(text): render(text) for text in texts if isinstance(text, str) and text}
