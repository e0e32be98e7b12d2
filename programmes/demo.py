"""Demo data of the inventory and the directory, and Russian titles for the seed's programmes.

Loaded by `manage.py seed_demo` after the seed document is imported (`make run`); idempotent.
Activities and contacts are illustrative demo records (e-mail addresses at example.org).
"""

import datetime
from decimal import Decimal

from clearinghouse.models import (
    AntiTraffickingRole,
    Contact,
    ContactVisibility,
    Country,
    Organisation,
    OrganisationKind,
    Theme,
)

from .models import Activity, ActivityStatus, Programme, ProjectOutline, PublicationStatus

PROGRAMME_TITLES_RU = {
    "odihr-anti-trafficking-contact-point-programme": "Программа контактного пункта БДИПЧ по борьбе с торговлей людьми",
    "odihr-anti-trafficking-project-fund": "Фонд проектов БДИПЧ по борьбе с торговлей людьми",
    "anti-trafficking-awareness-raising-media-and-ngo-training-programme": (
        "Повышение осведомлённости о торговле людьми: программа обучения для СМИ и НПО"
    ),
    "standard-setting-and-capacity-building-programme": "Программа разработки стандартов и наращивания потенциала",
    "countries-of-destination-promotion-of-victim-protection-programme": (
        "Страны назначения: программа содействия защите жертв"
    ),
    "anti-trafficking-commitments-technical-assistance-programme": (
        "Обязательства по борьбе с торговлей людьми: программа технической помощи"
    ),
}

OUTLINE_TITLES_RU = {
    "joint-monitoring-and-policy-development-project-responses-to-trafficking-in-human-beings-in-southeast-europe": (
        "Совместный проект мониторинга и разработки политики: меры против торговли людьми в Юго-Восточной Европе"
    ),
    "joint-monitoring-and-policy-development-project-responses-to-trafficking-in-human-beings-in-the-caucasus": (
        "Совместный проект мониторинга и разработки политики: меры против торговли людьми на Кавказе"
    ),
    "standard-setting-and-capacity-building-capacity-building-of-osce-staff": (
        "Разработка стандартов и наращивание потенциала: обучение сотрудников ОБСЕ"
    ),
    "anti-trafficking-awareness-raising-and-advocacy-campaigns": (
        "Кампании по повышению осведомлённости и пропаганде против торговли людьми"
    ),
    "conference-on-victim-protection-in-countries-of-destination": (
        "Конференция по защите жертв в странах назначения"
    ),
    "implementation-of-national-referral-mechanisms": "Внедрение национальных механизмов перенаправления",
}

SITUATIONS = {
    "MD": (
        "Moldova is mainly a country of origin for women, men and children trafficked for sexual and labour "
        "exploitation. A National Committee co-ordinates the national referral system; NGOs run shelters and "
        "a hotline, and a specialised police centre investigates cases.",
        "Молдова является прежде всего страной происхождения женщин, мужчин и детей, ставших жертвами "
        "торговли людьми в целях сексуальной и трудовой эксплуатации. Национальный комитет координирует "
        "национальную систему перенаправления; НПО содержат приюты и горячую линию, а специализированный "
        "полицейский центр расследует дела.",
    ),
    "AM": (
        "Armenia is a country of origin and transit. An inter-agency council co-ordinates the response and "
        "NGOs provide shelter and assistance to identified victims.",
        "Армения является страной происхождения и транзита. Межведомственный совет координирует меры "
        "реагирования, а НПО предоставляют приют и помощь выявленным жертвам.",
    ),
}

# slug, name, name_ru, kind, iso2, role
ACTORS = [
    (
        "la-strada-moldova",
        "La Strada Moldova",
        "Ла Страда Молдова",
        OrganisationKind.NGO,
        "MD",
        AntiTraffickingRole.HOTLINE,
    ),
    (
        "md-national-committee",
        "National Committee for Combating Trafficking in Human Beings (Moldova)",
        "Национальный комитет по борьбе с торговлей людьми (Молдова)",
        OrganisationKind.GOVERNMENT,
        "MD",
        AntiTraffickingRole.NATIONAL_COORDINATOR,
    ),
    (
        "md-centre-combating-trafficking",
        "Centre for Combating Trafficking in Persons (Moldova)",
        "Центр по борьбе с торговлей людьми (Молдова)",
        OrganisationKind.GOVERNMENT,
        "MD",
        AntiTraffickingRole.POLICE_UNIT,
    ),
    (
        "md-assistance-protection-centre",
        "Centre for Assistance and Protection of Victims (Chisinau)",
        "Центр помощи и защиты жертв (Кишинёв)",
        OrganisationKind.NGO,
        "MD",
        AntiTraffickingRole.SHELTER,
    ),
    (
        "hope-and-help-armenia",
        "Hope and Help NGO",
        "НПО «Надежда и помощь»",
        OrganisationKind.NGO,
        "AM",
        AntiTraffickingRole.SHELTER,
    ),
]

# organisation slug, name, position, visibility
CONTACTS = [
    ("la-strada-moldova", "Demo Hotline Co-ordinator", "Hotline co-ordinator", ContactVisibility.PUBLIC),
    ("la-strada-moldova", "Demo Programme Manager", "Programme manager", ContactVisibility.SIGNED_IN),
    (
        "md-national-committee",
        "Demo Secretariat Head",
        "Head of the permanent secretariat",
        ContactVisibility.PUBLIC,
    ),
    ("md-centre-combating-trafficking", "Demo Liaison Officer", "Liaison officer", ContactVisibility.STAFF),
    ("hope-and-help-armenia", "Demo Shelter Manager", "Shelter manager", ContactVisibility.PUBLIC),
]

# title, title_ru, iati status, countries, themes, implementers, funders, budget, start, end
ACTIVITIES = [
    (
        "Reintegration assistance for returned victims",
        "Помощь в реинтеграции вернувшимся жертвам",
        ActivityStatus.IMPLEMENTATION,
        ["MD"],
        ["protection"],
        ["la-strada-moldova", "iom"],
        ["european-union"],
        Decimal("250000"),
        (2025, 1),
        (2027, 12),
    ),
    (
        "Training of prosecutors on victim-centred investigations",
        "Обучение прокуроров расследованию с учётом интересов жертв",
        ActivityStatus.PIPELINE,
        ["MD"],
        ["prosecution"],
        ["md-centre-combating-trafficking"],
        ["german-foreign-office"],
        Decimal("60000"),
        (2026, 3),
        (2026, 12),
    ),
    (
        "Schools prevention campaign",
        "Профилактическая кампания в школах",
        ActivityStatus.CLOSED,
        ["MD", "AM"],
        ["prevention"],
        ["unicef"],
        ["unicef"],
        Decimal("40000"),
        (2021, 9),
        (2022, 6),
    ),
    (
        "Shelter for trafficked women in Yerevan",
        "Приют для пострадавших от торговли людьми женщин в Ереване",
        ActivityStatus.IMPLEMENTATION,
        ["AM"],
        ["protection"],
        ["hope-and-help-armenia"],
        ["osce-office-in-yerevan"],
        Decimal("35000"),
        (2024, 1),
        (2026, 12),
    ),
]


def _first(year_month):
    return datetime.date(year_month[0], year_month[1], 1)


def load(stdout) -> None:
    today = datetime.date.today()
    for slug, title_ru in PROGRAMME_TITLES_RU.items():
        Programme.objects.filter(slug=slug, title_ru="").update(title_ru=title_ru)
    for slug, title_ru in OUTLINE_TITLES_RU.items():
        ProjectOutline.objects.filter(slug=slug, title_ru="").update(title_ru=title_ru)
    for iso2, (summary, summary_ru) in SITUATIONS.items():
        Country.objects.filter(iso2=iso2, situation_summary="").update(
            situation_summary=summary, situation_summary_ru=summary_ru
        )
    orgs = {}
    for slug, name, name_ru, kind, iso2, role in ACTORS:
        org, _created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_ru": name_ru,
                "kind": kind,
                "country": Country.objects.get(iso2=iso2),
            },
        )
        if not org.anti_trafficking_role:
            org.anti_trafficking_role = role
            org.save(update_fields=["anti_trafficking_role"])
        orgs[slug] = org
    for slug, name, position, visibility in CONTACTS:
        Contact.objects.get_or_create(
            organisation=orgs[slug],
            name=name,
            defaults={
                "position": position,
                "email": f"{name.lower().replace(' ', '.')}@example.org",
                "visibility": visibility,
                "last_verified": today,
            },
        )
    for title, title_ru, status, countries, themes, implementers, funders, budget, start, end in ACTIVITIES:
        activity, created = Activity.objects.get_or_create(
            title=title,
            defaults={
                "title_ru": title_ru,
                "status": PublicationStatus.PUBLISHED,
                "activity_status": status,
                "budget": budget,
                "currency": "EUR",
                "planned_start": _first(start),
                "planned_end": _first(end),
                "source": "Demo data",
                "last_verified": today,
            },
        )
        if created:
            activity.countries.set(Country.objects.filter(iso2__in=countries))
            activity.themes.set(Theme.objects.filter(slug__in=themes))
            activity.implementers.set(Organisation.objects.filter(slug__in=implementers))
            activity.funders.set(Organisation.objects.filter(slug__in=funders))
    stdout.write(
        f"Inventory and directory demo data: {len(ACTIVITIES)} activities, {len(CONTACTS)} contacts."
    )
