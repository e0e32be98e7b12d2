from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def facet_link(context, param: str, value: str = "") -> str:
    """The current query string with one facet set (or removed when value is empty), page reset."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if value:
        params[param] = value
    else:
        params.pop(param, None)
    return params.urlencode()
