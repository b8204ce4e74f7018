from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def page_numbers(page):
    """The numbers of the pages to link to: the first, the last and two either side of this one,
    with `Paginator.ELLIPSIS` where pages are left out (1 … 4 5 6 7 8 … 20)."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.filter
def facet_checkboxes(facet):
    """A facet's options as checkboxes, written here rather than looped over in the template: a
    listing page shows a hundred or so, a facet's page of every option thousands, and the loop
    was a fifth of the listing's rendering."""
    return format_html_join(
        "",
        '<label{}><input type="checkbox" name="{}" value="{}"{}>{} <span class="count">{}</span>'
        "</label>\n",
        (
            (
                "" if option.count else _MUTED,
                facet.name,
                option.value,
                _CHECKED if option.selected else "",
                option.label,
                option.count,
            )
            for option in facet.options
        ),
    )


_MUTED = mark_safe(' class="text-body-secondary"')
_CHECKED = mark_safe(" checked")
