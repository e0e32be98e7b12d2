"""Choices of the monitoring pillar: statuses, answer levels, confidence, recommendation follow-up."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AnswerKind(models.TextChoices):
    LEVEL = "level", _("Ordinal level")
    NUMBER = "number", _("Number with a unit")


class Level(models.TextChoices):
    """The ordinal answer scale. NO_INFORMATION is an answer, not a gap: it still needs a source."""

    IN_PLACE = "in_place", _("In place")
    PARTLY = "partly", _("Partly in place")
    NOT_IN_PLACE = "not_in_place", _("Not in place")
    NO_INFORMATION = "no_information", _("No information")


# Points of each level, for area averages and trends; no information counts for nothing.
LEVEL_POINTS = {Level.IN_PLACE: 2, Level.PARTLY: 1, Level.NOT_IN_PLACE: 0}


def level_for_score(score) -> str:
    """An area's average points (0..2) as a level: ≥1.5 in place, ≥0.5 partly, else not in place."""
    if score is None:
        return Level.NO_INFORMATION
    if score >= 1.5:
        return Level.IN_PLACE
    if score >= 0.5:
        return Level.PARTLY
    return Level.NOT_IN_PLACE


class Confidence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


# Published and superseded assessments are public: a superseded one is an earlier published record.
PUBLIC_STATUSES = (AssessmentStatus.PUBLISHED, AssessmentStatus.SUPERSEDED)
EDITABLE_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.CHANGES_REQUESTED)


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Addressee(models.TextChoices):
    GOVERNMENT = "government", _("Government body")
    NGO = "ngo", _("Non-governmental organisation")
    OFFICE = "office", _("The office")
    MISSION = "mission", _("Field mission")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    NOT_RELEVANT = "not_relevant", _("No longer relevant")


OPEN_FOLLOW_UP = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)
