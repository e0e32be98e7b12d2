"""Site search: the published content of every pillar, grouped by type."""

from django.utils.translation import gettext as _

from clearinghouse.models import Organisation
from clearinghouse.queries import words_q
from events.models import Event
from fund.models import Proposal
from library.models import Document
from programmes.models import Activity, Programme, ProjectOutline


def search_groups(q: str, limit: int = 20) -> list[tuple[str, list]]:
    """(type label, [(title, url, summary)]) for each kind of public content."""
    out = []
    progs = Programme.objects.published().filter(words_q(["title", "title_ru", "summary"], q))[:limit]
    out.append((_("Programmes"), [(p.display_title, p.get_absolute_url(), p.display_summary) for p in progs]))
    outlines = (
        ProjectOutline.objects.visible()
        .select_related("programme")
        .filter(words_q(["title", "title_ru", "objectives"], q))[:limit]
    )
    out.append(
        (_("Project outlines"), [(o.display_title, o.get_absolute_url(), o.objectives) for o in outlines])
    )
    docs = Document.objects.published().filter(words_q(["title", "summary"], q))[:limit]
    out.append((_("Library documents"), [(d.title, d.get_absolute_url(), d.summary) for d in docs]))
    projects = Proposal.objects.public().filter(words_q(["title", "summary", "reference"], q))[:limit]
    out.append(
        (_("Supported projects"), [(p.title or p.reference, p.get_public_url(), p.summary) for p in projects])
    )
    orgs = Organisation.objects.filter(words_q(["name", "name_ru", "acronym", "description"], q))[:limit]
    out.append((_("Organisations"), [(str(o), o.get_absolute_url(), o.description) for o in orgs]))
    acts = Activity.objects.published().filter(words_q(["title", "title_ru", "description"], q))[:limit]
    out.append((_("Activities"), [(a.display_title, a.get_absolute_url(), a.description) for a in acts]))
    events = Event.objects.public().search(q).order_by("-starts_at")[:limit]
    out.append((_("Events"), [(e.display_title, e.get_absolute_url(), e.display_summary) for e in events]))
    return out
