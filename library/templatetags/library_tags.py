from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def facet_link(context, param: str, value: str = "") -> str:
    """The current query string with one facet set (or removed when value is empty), page reset.
    A catalogue page has hundreds of these links: the request's parameters are read once."""
    request = context["request"]
    base = getattr(request, "_facet_link_base", None)
    if base is None:
        base = [(key, item) for key, items in request.GET.lists() if key != "page" for item in items]
        request._facet_link_base = base
    pairs, placed = [], False
    for key, item in base:
        if key != param:
            pairs.append((key, item))
        elif value and not placed:
            pairs.append((key, value))
            placed = True
    if value and not placed:
        pairs.append((param, value))
    return urlencode(pairs)
