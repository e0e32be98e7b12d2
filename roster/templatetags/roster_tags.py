from django import template

from clearinghouse import roles

register = template.Library()


@register.inclusion_tag("roster/includes/nav.html", takes_context=True)
def roster_nav(context):
    """The roster's menu entry, by role: experts reach their profile, curators and officers the
    requests, everyone else (including visitors) the application form."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if roles.is_curator(user) or roles.is_officer(user):
        entry = "requests"
    elif roles.is_expert(user):
        entry = "me"
    elif user is None or not user.is_authenticated:
        entry = "apply"
    else:
        entry = ""
    return {"entry": entry, "request": request}
