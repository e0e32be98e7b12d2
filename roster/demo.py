"""Demo roster: 54 varied experts (deterministic), the demo user `expert`'s own profile, and
requests from the Moldova and Yerevan missions with a shortlist, a deployment and an evaluation."""

import random
from datetime import timedelta

from django.utils import timezone

from clearinghouse.models import Country, Organisation, Theme, User

from .choices import CEFR, CONSENT_VERSION, CandidateStatus, ExpertStatus, Function, VettingKind
from .models import (
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

FIRST = [
    "Ana",
    "Giorgi",
    "Nino",
    "Armen",
    "Lilit",
    "Ion",
    "Elena",
    "Olga",
    "Dmitri",
    "Aigul",
    "Timur",
    "Maria",
    "Sofia",
    "Luka",
    "Petra",
    "Jan",
    "Ewa",
    "Marta",
    "Kerim",
    "Leyla",
    "Bojan",
    "Ivana",
    "Sara",
    "Tomas",
]
LAST = [
    "Beridze",
    "Petrosyan",
    "Rusu",
    "Ivanova",
    "Kuznetsov",
    "Nurlanova",
    "Aliyev",
    "Horvat",
    "Nowak",
    "Schmidt",
    "Dubois",
    "Rossi",
    "Popescu",
    "Kovalenko",
    "Hakobyan",
    "Gelashvili",
    "Sokolova",
    "Marin",
]
COUNTRIES = ["GE", "AM", "AZ", "MD", "UA", "RO", "KZ", "KG", "TJ", "AL", "RS", "BA", "MK", "PL", "DE", "AT"]
LANGS = ["ru", "en", "fr", "de", "ro", "uk", "hy", "ka", "az", "tr", "sq", "sr", "kk"]


def _expert(rng, n, today, countries, themes) -> Expert:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    status = rng.choices(
        [ExpertStatus.ACTIVE, ExpertStatus.APPLIED, ExpertStatus.ARCHIVED, ExpertStatus.DECLINED],
        weights=[80, 10, 5, 5],
    )[0]
    confirmed = timezone.now() - timedelta(days=rng.choice([5, 30, 90, 200, 300, 400, 800]))
    expert = Expert.objects.create(
        code=f"EX-D{n:03d}",
        full_name=name,
        email=f"roster.demo{n:03d}@example.org",
        phone=f"+373 22 {rng.randint(100000, 999999)}",
        nationality=countries[rng.choice(COUNTRIES)],
        organisation_name=rng.choice(
            ["", "La Strada", "IOM", "University", "Ministry of Interior", "Freelance"]
        ),
        bio="Demo profile: practitioner in anti-trafficking work.",
        years_experience=rng.randint(2, 30),
        notice_days=rng.choice([7, 14, 14, 21, 30]),
        status=status,
        consent_version=CONSENT_VERSION,
        consent_given_at=confirmed,
        consent_withdrawn_at=confirmed if rng.random() < 0.04 else None,
        confirmed_at=confirmed,
    )
    ExpertLanguage.objects.create(
        expert=expert, language="en", level=rng.choice([CEFR.B1, CEFR.B2, CEFR.C1, CEFR.C2])
    )
    others = [c for c in LANGS if c not in ("en", "ru")]
    spoken = (["ru"] if rng.random() < 0.7 else []) + rng.sample(others, rng.randint(1, 2))
    for code in spoken:
        ExpertLanguage.objects.create(expert=expert, language=code, level=rng.randint(3, 6))
    for theme in rng.sample(themes, rng.randint(1, 4)):
        ExpertExpertise.objects.create(expert=expert, theme=theme, verified=rng.random() < 0.5)
    for function in rng.sample(Function.values, rng.randint(1, 2)):
        ExpertFunction.objects.create(expert=expert, function=function)
    if Function.MEDIA_PROFESSIONAL in [f.function for f in expert.functions.all()]:
        expert.media_outlet = rng.choice(["Radio Free Moldova", "Caucasus Weekly", "Balkan Insight"])
        expert.publication_languages = rng.sample(LANGS, 2)
        expert.save(update_fields=["media_outlet", "publication_languages"])
    for iso2 in rng.sample(COUNTRIES, rng.randint(1, 3)):
        CountryExperience.objects.create(expert=expert, country=countries[iso2], years=rng.randint(1, 10))
    start = today + timedelta(days=rng.randint(-30, 60))
    Availability.objects.create(
        expert=expert, starts_on=start, ends_on=start + timedelta(days=rng.randint(40, 300))
    )
    if status != ExpertStatus.APPLIED:
        for kind in VettingKind.values:
            VettingCheck.objects.create(
                expert=expert, kind=kind, completed_on=today - timedelta(days=rng.randint(30, 400))
            )
    return expert


def load(stdout) -> None:
    if Expert.objects.filter(code="EX-D001").exists():
        stdout.write("Roster demo already loaded.")
        return
    rng = random.Random(42)
    today = timezone.localdate()
    countries = {c.iso2: c for c in Country.objects.all()}
    themes = list(Theme.objects.exclude(parent=None))
    experts = [_expert(rng, n, today, countries, themes) for n in range(1, 55)]

    nrm = Theme.objects.get(slug="national-referral-mechanisms")
    user = User.objects.filter(username="expert").first()
    if user is not None and not hasattr(user, "expert_profile"):
        own = Expert.objects.create(
            user=user,
            code="EX-DEMO0",
            full_name="Demo Expert",
            email=user.email or "expert@example.org",
            phone="+995 32 200 000",
            nationality=countries["GE"],
            organisation_name="Independent consultant",
            bio="Trainer on national referral mechanisms in the South Caucasus.",
            years_experience=12,
            notice_days=14,
            status=ExpertStatus.ACTIVE,
            consent_version=CONSENT_VERSION,
            consent_given_at=timezone.now(),
        )
        ExpertLanguage.objects.bulk_create(
            [
                ExpertLanguage(expert=own, language="ru", level=CEFR.C2),
                ExpertLanguage(expert=own, language="en", level=CEFR.C1),
            ]
        )
        ExpertExpertise.objects.create(expert=own, theme=nrm, verified=True)
        ExpertFunction.objects.create(expert=own, function=Function.TRAINER)
        CountryExperience.objects.create(expert=own, country=countries["GE"], years=6)
        Availability.objects.create(
            expert=own, starts_on=today + timedelta(days=20), ends_on=today + timedelta(days=200)
        )
        for kind in VettingKind.values:
            VettingCheck.objects.create(expert=own, kind=kind, completed_on=today - timedelta(days=60))
        experts.append(own)

    moldova = Organisation.objects.get(slug="osce-mission-to-moldova")
    yerevan = Organisation.objects.get(slug="osce-office-in-yerevan")
    officers = {
        u.username: u for u in User.objects.filter(username__in=["officer-moldova", "officer-yerevan"])
    }
    specs = [
        (
            moldova,
            "officer-moldova",
            "Trainer on national referral mechanisms",
            "MD",
            Function.TRAINER,
            [("ru", CEFR.B2)],
            ["national-referral-mechanisms"],
            ["victim-assistance"],
            40,
            54,
        ),
        (
            moldova,
            "officer-moldova",
            "Legal review of the anti-trafficking law",
            "MD",
            Function.LEGAL_DRAFTER,
            [("ro", CEFR.B1)],
            ["legislative-review"],
            ["witness-protection"],
            60,
            90,
        ),
        (
            yerevan,
            "officer-yerevan",
            "Assessment of shelters for victims",
            "AM",
            Function.ASSESSOR,
            [("ru", CEFR.B2)],
            ["victim-assistance"],
            ["child-trafficking"],
            35,
            50,
        ),
        (
            yerevan,
            "officer-yerevan",
            "Media training on reporting trafficking",
            "AM",
            Function.MEDIA_PROFESSIONAL,
            [("ru", CEFR.B1)],
            ["media-and-awareness"],
            [],
            70,
            75,
        ),
    ]
    for mission, officer, title, iso2, function, langs, required, desirable, start, end in specs:
        req = ExpertRequest.objects.create(
            mission=mission,
            filed_by=officers.get(officer),
            title=title,
            terms_of_reference=f"{title}. The expert will work with the mission's anti-trafficking team, "
            "national authorities and NGOs, and deliver a short written report.",
            country=countries[iso2],
            function=function,
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=end),
        )
        req.required_themes.set(Theme.objects.filter(slug__in=required))
        req.desirable_themes.set(Theme.objects.filter(slug__in=desirable))
        RequestLanguage.objects.bulk_create(
            [RequestLanguage(request=req, language=c, min_level=lvl) for c, lvl in langs]
        )

    # A finished request with a deployment and an evaluation, so track records are not all empty.
    past = ExpertRequest.objects.create(
        mission=moldova,
        filed_by=officers.get("officer-moldova"),
        title="Workshop for prosecutors (completed)",
        terms_of_reference="Two-day workshop for prosecutors on victim-centred investigations.",
        country=countries["MD"],
        function=Function.TRAINER,
        starts_on=today - timedelta(days=120),
        ends_on=today - timedelta(days=110),
        status="filled",
    )
    active = [e for e in experts if e.status == ExpertStatus.ACTIVE][:6]
    for i, expert in enumerate(active):
        candidate = Candidate.objects.create(
            request=past,
            expert=expert,
            score=80 - i * 5,
            status=CandidateStatus.DEPLOYED,
            reasons=[],
            weights={},
        )
        deployment = Deployment.objects.create(
            candidate=candidate, starts_on=past.starts_on, ends_on=past.ends_on
        )
        scores = [rng.randint(3, 5) for _ in range(4)]
        Evaluation.objects.create(
            deployment=deployment,
            quality=scores[0],
            subject_expertise=scores[1],
            communication=scores[2],
            timeliness=scores[3],
            overall=sum(scores) / 4,
            recommendation="recommend",
            comment="Well prepared and responsive.",
            evaluated_by=officers.get("officer-moldova"),
        )
    stdout.write(f"Roster demo: {len(experts)} experts, {ExpertRequest.objects.count()} requests.")
