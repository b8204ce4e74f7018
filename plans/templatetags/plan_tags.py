import hashlib
import re

import nh3
from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from plans import countries

register = template.Library()

# Raw HTML off: what labs pasted as HTML shows as text; links and lists still render.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True}).enable(
    "linkify"
)
# Looking for links took two thirds of rendering, though most answers hold none: text without
# what a link needs (a scheme, "//", an e-mail's "@", a dot before a letter or digit, as in a
# domain name) is rendered without looking.
_markdown_without_links = MarkdownIt("commonmark", {"html": False, "breaks": True})
_MAYBE_LINK = re.compile(r"(?i)(?:https?|ftp|mailto):|//|@|\.\w")
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


@register.filter
def lab_name(lab):
    return countries.lab_name(lab)


@register.filter
def markdown(text):
    """An answer as safe HTML: markdown rendered, then sanitised; once per answer as written,
    kept in the cache under a digest of the text (an edited answer is a new text)."""
    if not text:
        return ""
    key = "markdown:" + hashlib.sha256(text.encode()).hexdigest()
    return mark_safe(cache.get_or_set(key, lambda: _render(text), timeout=RENDERED_SECONDS))


RENDERED_SECONDS = 7 * 24 * 3600


def _render(text: str) -> str:
    renderer = _markdown if _MAYBE_LINK.search(text) else _markdown_without_links
    html = renderer.render(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "img": {"src", "alt", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    return clean


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
