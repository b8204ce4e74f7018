import nh3
from django import template
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

register = template.Library()

# Raw HTML off: what labs pasted as HTML shows as text; links and lists still render.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True}).enable(
    "linkify"
)
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
def markdown(text):
    """An answer as safe HTML: markdown rendered, then sanitised."""
    if not text:
        return ""
    html = _markdown.render(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "img": {"src", "alt", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    return mark_safe(clean)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
