from django import template

from clearinghouse import roles

from ..permissions import can_create_proposal, can_see_internal

register = template.Library()


@register.simple_tag
def fund_nav(user) -> dict:
    """Which private fund links the header shows: 'My proposals' for officers, 'Fund dashboard' for staff."""
    return {"officer": can_create_proposal(user), "staff": can_see_internal(user)}


@register.filter
def is_fund_staff(user) -> bool:
    return roles.is_staff_member(user)


@register.filter
def eur(value) -> str:
    """EUR amounts with thousands separators and no cents when whole: 12,500 or 12,500.50."""
    if value is None or value == "":
        return "–"
    amount = round(float(value), 2)
    return f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
