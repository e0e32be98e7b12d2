"""Roster test data: `make_expert` builds a complete profile in a few inserts."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.utils import timezone

from clearinghouse import roles
from clearinghouse.models import Country, Organisation, Theme
from roster.choices import CEFR, CONSENT_VERSION, ExpertStatus, VettingKind
from roster.models import (
    Availability,
    Candidate,
    CountryExperience,
    Deployment,
    Evaluation,
    Expert,
    ExpertExpertise,
    ExpertFunction,
    ExpertLanguage,
    ExpertRequest,
    RequestLanguage,
    VettingCheck,
)
from tests.factories import UserFactory

_seq = itertools.count(1)
MARCH_3, MARCH_17 = date(2027, 3, 3), date(2027, 3, 17)
TODAY = date(2027, 1, 15)


def make_expert(
    name: str | None = None,
    *,
    user=None,
    with_user: bool = False,
    languages=(("ru", CEFR.C1),),
    themes=(),
    verified_themes=(),
    countries=(),
    functions=(),
    windows=((date(2027, 2, 1), date(2027, 4, 30)),),
    status=ExpertStatus.ACTIVE,
    consent: bool = True,
    withdrawn: bool = False,
    notice_days: int = 14,
    confirmed_days_ago: int = 10,
    phone: str = "",
    vetted: bool = False,
) -> Expert:
    n = next(_seq)
    name = name or f"Expert Number{n}"
    if with_user and user is None:
        user = UserFactory(role=roles.EXPERT)
    now = timezone.now()
    expert = Expert.objects.create(
        user=user,
        full_name=name,
        email=f"expert{n}@example.net",
        phone=phone,
        status=status,
        consent_version=CONSENT_VERSION if consent else "",
        consent_given_at=now if consent else None,
        consent_withdrawn_at=now if withdrawn else None,
        notice_days=notice_days,
        confirmed_at=now - timedelta(days=confirmed_days_ago),
        years_experience=10,
    )
    ExpertLanguage.objects.bulk_create(
        [ExpertLanguage(expert=expert, language=c, level=lvl) for c, lvl in languages]
    )
    ExpertExpertise.objects.bulk_create(
        [ExpertExpertise(expert=expert, theme=Theme.objects.get(slug=s)) for s in themes]
        + [
            ExpertExpertise(expert=expert, theme=Theme.objects.get(slug=s), verified=True)
            for s in verified_themes
        ]
    )
    CountryExperience.objects.bulk_create(
        [CountryExperience(expert=expert, country=Country.objects.get(iso2=c), years=y) for c, y in countries]
    )
    ExpertFunction.objects.bulk_create([ExpertFunction(expert=expert, function=f) for f in functions])
    Availability.objects.bulk_create(
        [Availability(expert=expert, starts_on=s, ends_on=e) for s, e in windows]
    )
    if vetted:
        VettingCheck.objects.bulk_create(
            [VettingCheck(expert=expert, kind=k, completed_on=date(2026, 1, 1)) for k in VettingKind.values]
        )
    return expert


def make_request(
    *,
    mission=None,
    title="Trainer on national referral mechanisms",
    country="GE",
    function="trainer",
    languages=(("ru", CEFR.B2),),
    required=("national-referral-mechanisms",),
    desirable=(),
    starts_on=MARCH_3,
    ends_on=MARCH_17,
    filed_by=None,
) -> ExpertRequest:
    mission = mission or Organisation.objects.get(slug="osce-mission-to-moldova")
    req = ExpertRequest.objects.create(
        mission=mission,
        filed_by=filed_by,
        title=title,
        terms_of_reference="Train the national referral mechanism's coordinators.",
        country=Country.objects.get(iso2=country),
        function=function,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    req.required_themes.set(Theme.objects.filter(slug__in=required))
    req.desirable_themes.set(Theme.objects.filter(slug__in=desirable))
    RequestLanguage.objects.bulk_create(
        [RequestLanguage(request=req, language=c, min_level=lvl) for c, lvl in languages]
    )
    return req


def make_candidate(req, expert, status="shortlisted", score=80) -> Candidate:
    return Candidate.objects.create(
        request=req,
        expert=expert,
        status=status,
        score=score,
        reasons=[{"factor": "expertise", "label": "Expertise", "points": 30, "max": 30, "text": "ok"}],
        weights={},
    )


def make_evaluation(expert, overall: float, *, req=None, comment="") -> Evaluation:
    req = req or make_request(
        title=f"Past request {next(_seq)}", starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 5)
    )
    candidate = make_candidate(req, expert, status="deployed")
    deployment = Deployment.objects.create(candidate=candidate, starts_on=req.starts_on, ends_on=req.ends_on)
    score = round(overall)
    return Evaluation.objects.create(
        deployment=deployment,
        quality=score,
        subject_expertise=score,
        communication=score,
        timeliness=score,
        overall=overall,
        recommendation="recommend",
        comment=comment,
    )


def pdf_bytes() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def apply_url(email: str = "lia.kvaratskhelia@example.net") -> str:
    """The form of the link e-mailed to a visitor who gave `email` on /roster/apply/."""
    from django.urls import reverse

    from roster.services.application import application_token

    return reverse("roster:apply_confirm", kwargs={"token": application_token(email=email)})


def application_post(**overrides) -> dict:
    """A complete application, as sent from the e-mailed link's form (see apply_url)."""
    nrm = Theme.objects.get(slug="national-referral-mechanisms")
    data = {
        "username": "lia.applicant",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
        "full_name": "Lia Kvaratskhelia",
        "email": "lia.kvaratskhelia@example.net",
        "phone": "+995 599 123 456",
        "nationality": Country.objects.get(iso2="GE").pk,
        "organisation_name": "Tbilisi Referral Centre",
        "bio": "Coordinator of the Tbilisi referral centre since 2015.",
        "years_experience": "12",
        "notice_days": "14",
        "themes": [nrm.pk],
        "functions": ["trainer", "media"],
        "media_outlet": "Caucasus Weekly",
        "publication_languages": ["ka", "ru"],
        "consent": "on",
        "lang-TOTAL_FORMS": "3",
        "lang-INITIAL_FORMS": "0",
        "lang-0-language": "ru",
        "lang-0-level": str(CEFR.C1),
        "lang-1-language": "ka",
        "lang-1-level": str(CEFR.C2),
        "country-TOTAL_FORMS": "3",
        "country-INITIAL_FORMS": "0",
        "country-0-country": Country.objects.get(iso2="GE").pk,
        "country-0-years": "8",
        "window-TOTAL_FORMS": "2",
        "window-INITIAL_FORMS": "0",
        "window-0-starts_on": "2027-02-01",
        "window-0-ends_on": "2027-04-30",
    }
    data.update(overrides)
    return data
