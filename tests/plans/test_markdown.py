"""Answers as HTML: markdown rendered, links found, then sanitised."""

import pytest

from plans import rendering
from tests.conftest import CORPUS


def _with_links(text: str) -> str:
    """What rendering gave when it always looked for links."""
    return rendering._markdown.render(text)


@pytest.mark.parametrize(
    "text",
    [
        "Read https://example.org/report first.",
        "See www.undp.org and HTTP://EXAMPLE.ORG.",
        "Write to lab@example.org.",
        "Our site, acclabs.example, and //example.org/x.",
        "Sources: ftp://data.example.org/file and mailto:someone@example.org",
    ],
)
def test_links_in_an_answer_are_links(text):
    html = rendering.render(text)
    assert html.count("<a ") == _with_links(text).count("<a ") > 0
    assert 'rel="nofollow noopener"' in html


def test_an_answer_without_links_is_rendered_without_looking_for_them_alike():
    text = "Wells run **dry** in May: the council\nsays so.\n\n- one\n- two, 3.5 %, e.g. U.N."
    assert not rendering._MAYBE_LINK.search(text)
    assert rendering._markdown_without_links.render(text) == _with_links(text)
    assert "<strong>dry</strong>" in rendering.render(text)


@pytest.mark.corpus
def test_every_paragraph_of_the_real_export_renders_as_when_links_were_always_looked_for():
    blocks = [
        block
        for path in sorted(CORPUS.glob("*.md"))
        for block in path.read_text(encoding="utf-8").split("\n\n")
        if block.strip()
    ]
    assert len(blocks) > 10_000
    linkless = [block for block in blocks if not rendering._MAYBE_LINK.search(block)]
    assert len(linkless) > len(blocks) / 2
    for block in linkless:
        assert rendering._markdown_without_links.render(block) == _with_links(block)
