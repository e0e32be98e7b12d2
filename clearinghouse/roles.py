"""Roles are Django groups. Each predicate says who a user is; each app's permissions.py says
what they may do. Group membership is cached on the user object for the length of a request."""

from django.contrib.auth.models import Group, Permission

CURATOR = "curator"
REVIEWER = "fund reviewer"
OFFICER = "field-mission officer"
EXPERT = "expert"
ASSESSOR = "assessor"
ALL_ROLES = (CURATOR, REVIEWER, OFFICER, EXPERT, ASSESSOR)

# Apps whose models curators manage in the admin (every permission of every model).
CURATED_APPS = ("clearinghouse", "programmes", "library", "fund", "roster", "events", "monitoring", "portal")


def role_names(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in role_names(user)


def is_curator(user) -> bool:
    """Curators (and superusers) run the clearinghouse: every curated object, every pillar."""
    return bool(getattr(user, "is_superuser", False)) or has_role(user, CURATOR)


def is_reviewer(user) -> bool:
    return has_role(user, REVIEWER)


def is_officer(user) -> bool:
    """A field-mission officer must also belong to an organisation to act for it."""
    return has_role(user, OFFICER) and getattr(user, "organisation_id", None) is not None


def is_expert(user) -> bool:
    return has_role(user, EXPERT)


def is_assessor(user) -> bool:
    """Staff who assess countries for the monitoring pillar (a roster expert may also be assigned to
    one assessment by a curator without holding this role)."""
    return has_role(user, ASSESSOR)


def is_staff_member(user) -> bool:
    """Office staff: curators and fund reviewers."""
    return is_curator(user) or is_reviewer(user)


def sync_groups(**kwargs) -> None:
    """Creates the role groups and gives curators every permission of the curated apps.

    Connected to post_migrate, so permissions of models added later reach curators too.
    """
    existing = set(Group.objects.filter(name__in=ALL_ROLES).values_list("name", flat=True))
    Group.objects.bulk_create(
        [Group(name=name) for name in ALL_ROLES if name not in existing], ignore_conflicts=True
    )
    groups = {group.name: group for group in Group.objects.filter(name__in=ALL_ROLES)}
    curator_perms = Permission.objects.filter(content_type__app_label__in=CURATED_APPS).exclude(
        content_type__app_label="clearinghouse", content_type__model="user"
    )
    groups[CURATOR].permissions.add(*curator_perms)
    view_users = Permission.objects.filter(content_type__app_label="clearinghouse", codename="view_user")
    groups[CURATOR].permissions.add(*view_users)
