from django import template

from clearinghouse import roles
from roster.permissions import may_apply

register = template.Library()


@register.inclusion_tag("roster/includes/nav.html", takes_context=True)
def roster_nav(context):
    """The roster's menu entry, by role: experts reach their profile, curators and officers the
    requests, visitors and users who may apply the application form."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if roles.is_curator(user) or roles.is_officer(user):
        entry = "requests"
    elif roles.is_expert(user):
        entry = "me"
    elif user is None or not user.is_authenticated or may_apply(user):
        entry = "apply"
    else:
        entry = ""
    return {"entry": entry, "request": request}
