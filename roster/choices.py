"""Vocabularies of the roster: CEFR levels, languages, functions, statuses, and the consent text.

CEFR levels are stored as integer ranks (A1=1 … C2=6) so that "at least B2" is a plain comparison in
SQL. Every choice field has a database CheckConstraint in models.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CEFR(models.IntegerChoices):
    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, "B1"
    B2 = 4, "B2"
    C1 = 5, "C1"
    C2 = 6, "C2"


class Language(models.TextChoices):
    """Working languages of the OSCE area that field requests ask for (ISO 639-1 codes)."""

    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    SPANISH = "es", _("Spanish")
    ITALIAN = "it", _("Italian")
    ROMANIAN = "ro", _("Romanian")
    UKRAINIAN = "uk", _("Ukrainian")
    ARMENIAN = "hy", _("Armenian")
    GEORGIAN = "ka", _("Georgian")
    AZERBAIJANI = "az", _("Azerbaijani")
    TURKISH = "tr", _("Turkish")
    ALBANIAN = "sq", _("Albanian")
    SERBIAN = "sr", _("Bosnian/Croatian/Serbian")
    MACEDONIAN = "mk", _("Macedonian")
    BULGARIAN = "bg", _("Bulgarian")
    POLISH = "pl", _("Polish")
    KAZAKH = "kk", _("Kazakh")
    KYRGYZ = "ky", _("Kyrgyz")
    TAJIK = "tg", _("Tajik")
    UZBEK = "uz", _("Uzbek")
    TURKMEN = "tk", _("Turkmen")
    ARABIC = "ar", _("Arabic")


class Function(models.TextChoices):
    TRAINER = "trainer", _("Trainer")
    LEGAL_DRAFTER = "legal_drafter", _("Legal drafter")
    RESEARCHER = "researcher", _("Researcher")
    ASSESSOR = "assessor", _("Assessor")
    FACILITATOR = "facilitator", _("Facilitator")
    MEDIA_PROFESSIONAL = "media", _("Media professional")
    PROSECUTOR = "prosecutor", _("Prosecutor or judge")
    LAW_ENFORCEMENT = "law_enforcement", _("Law-enforcement specialist")
    SOCIAL_WORKER = "social_worker", _("Social worker or victim-support specialist")
    EVALUATOR = "evaluator", _("Programme evaluator")


class ExpertStatus(models.TextChoices):
    APPLIED = "applied", _("Awaiting vetting")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    ARCHIVED = "archived", _("Archived")
    ERASED = "erased", _("Erased")


class VettingKind(models.TextChoices):
    REFERENCES = "references", _("References checked")
    INTERVIEW = "interview", _("Interview held")
    DOCUMENTS = "documents", _("Documents verified")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class CandidateStatus(models.TextChoices):
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted by the expert")
    DECLINED = "declined", _("Declined by the expert")
    RELEASED = "released", _("Name released to the mission")
    DEPLOYED = "deployed", _("Deployed")
    WITHDRAWN = "withdrawn", _("Removed from the shortlist")


class Recommendation(models.TextChoices):
    RECOMMEND = "recommend", _("Recommend for future assignments")
    RESERVATIONS = "reservations", _("Recommend with reservations")
    NOT_RECOMMEND = "not_recommend", _("Do not recommend")


# The consent text is versioned: a change of wording is a new version, and experts who consented
# to an earlier version are asked to renew (matching treats their consent as no longer valid).
CONSENT_VERSION = "2026-1"
CONSENT_TEXT = _(
    "I agree that the OSCE Office for Democratic Institutions and Human Rights keeps the information in "
    "this profile, including my CV, on its expert roster for as long as I keep my consent, so that its "
    "staff can match me with requests for expertise from OSCE field operations and participating States. "
    "Only roster staff see my profile; a field mission sees my name only after I accept an invitation and "
    "staff release it. I can correct, download or erase my data and withdraw this consent at any time."
)
VALID_CONSENT_VERSIONS = frozenset({CONSENT_VERSION})
