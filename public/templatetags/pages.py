from django import template

register = template.Library()


@register.filter
def page_numbers(page):
    """The numbers of the pages to link to: the first, the last and two either side of this one,
    with `Paginator.ELLIPSIS` where pages are left out (1 … 4 5 6 7 8 … 20)."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
