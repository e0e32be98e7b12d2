"""Demo data of the monitoring pillar, written for this project (not taken from any real report): a
framework of 20 indicators across the four Ps modelled on the SEE RIGHTS methodology, two cycles
(2004 and 2005) for the countries of Southeast Europe and the Caucasus the seed names, with
recommendations, follow-ups linked to demo fund projects, inventory activities and the seed conference, and Georgia's 2005
assessment in review. Built through the services, so events and carried-forward answers are real."""

import datetime
import hashlib

from django.contrib.auth.models import Group

from clearinghouse import roles
from clearinghouse.models import Country, Theme, User
from events.models import Event
from fund.models import Proposal
from programmes.models import Activity

from .choices import AnswerKind, Level
from .models import Area, Framework, Indicator, Recommendation
from .services.assessments import assessment_create, assessment_transition, finding_save
from .services.frameworks import framework_publish
from .services.recommendations import recommendation_follow_up, recommendation_save
from .workflow import Action

FAMILY, VERSION = "see-rights", "2004"
# The Stability Pact countries of Southeast Europe and the three of the South Caucasus (seed: SEE RIGHTS).
COUNTRIES = ["AL", "BA", "BG", "HR", "MD", "MK", "RO", "RS", "AM", "AZ", "GE"]
IN_REVIEW = "GE"  # its 2005 assessment waits for the reviewer
CONFERENCE = "conference-victim-protection-destination"  # the seed's conference (events.demo)

AREAS = [
    ("prevention", "Prevention", "Предупреждение"),
    ("protection", "Protection", "Защита"),
    ("prosecution", "Prosecution", "Уголовное преследование"),
    ("partnership", "Partnership", "Партнёрство"),
]

# code, area, question, question in Russian, themes
INDICATORS = [
    (
        "PV1",
        "prevention",
        "Is there a national awareness campaign reaching groups at risk?",
        "Проводится ли национальная кампания, охватывающая группы риска?",
        ["media-and-awareness", "at-risk-groups"],
    ),
    (
        "PV2",
        "prevention",
        "Are labour recruitment agencies licensed and inspected?",
        "Лицензируются и проверяются ли агентства по трудоустройству?",
        ["labour-exploitation"],
    ),
    (
        "PV3",
        "prevention",
        "Do schools teach children about the risks of trafficking?",
        "Рассказывают ли в школах детям о рисках торговли людьми?",
        ["child-trafficking"],
    ),
    (
        "PV4",
        "prevention",
        "Is there a free hotline for people at risk?",
        "Работает ли бесплатная горячая линия для людей из групп риска?",
        ["at-risk-groups"],
    ),
    (
        "PV5",
        "prevention",
        "Does research on the root causes inform policy?",
        "Учитываются ли исследования причин торговли людьми в политике?",
        ["monitoring-and-research"],
    ),
    (
        "PT1",
        "protection",
        "Is a national referral mechanism in place?",
        "Создан ли национальный механизм перенаправления?",
        ["national-referral-mechanisms"],
    ),
    (
        "PT2",
        "protection",
        "Do victims get a reflection period before deciding to co-operate?",
        "Предоставляется ли жертвам период для размышления?",
        ["victim-assistance"],
    ),
    (
        "PT3",
        "protection",
        "Are shelters available to every identified victim?",
        "Доступны ли приюты каждой выявленной жертве?",
        ["victim-assistance"],
    ),
    (
        "PT4",
        "protection",
        "Are there special measures for child victims?",
        "Существуют ли особые меры для детей-жертв?",
        ["child-trafficking"],
    ),
    (
        "PT5",
        "protection",
        "Are victims protected on return to their country of origin?",
        "Защищены ли жертвы при возвращении на родину?",
        ["victim-protection-destination"],
    ),
    (
        "PS1",
        "prosecution",
        "Does the criminal code define trafficking in line with the Palermo Protocol?",
        "Соответствует ли определение торговли людьми в уголовном кодексе Палермскому протоколу?",
        ["legislative-review"],
    ),
    (
        "PS2",
        "prosecution",
        "Are police, prosecutors and judges trained on trafficking cases?",
        "Обучены ли полиция, прокуроры и судьи работе по делам о торговле людьми?",
        ["law-enforcement-training"],
    ),
    (
        "PS3",
        "prosecution",
        "Are witnesses protected before, during and after trial?",
        "Защищены ли свидетели до, во время и после суда?",
        ["witness-protection"],
    ),
    (
        "PS4",
        "prosecution",
        "Are victims exempt from punishment for offences they were forced to commit?",
        "Освобождаются ли жертвы от наказания за вынужденные правонарушения?",
        ["legislative-review"],
    ),
    (
        "PS5",
        "prosecution",
        "How many trafficking cases reached a court in the year?",
        "Сколько дел о торговле людьми дошло до суда за год?",
        ["law-enforcement-training"],
    ),
    (
        "PR1",
        "partnership",
        "Is there a national plan of action with a budget?",
        "Существует ли национальный план действий с бюджетом?",
        ["national-action-plans"],
    ),
    (
        "PR2",
        "partnership",
        "Is there a national co-ordinator or rapporteur?",
        "Назначен ли национальный координатор или докладчик?",
        ["national-action-plans"],
    ),
    (
        "PR3",
        "partnership",
        "Do State bodies and NGOs work together under a written agreement?",
        "Сотрудничают ли государственные органы и НПО на основе письменного соглашения?",
        ["state-ngo-cooperation"],
    ),
    (
        "PR4",
        "partnership",
        "Does the country take part in regional co-operation against trafficking?",
        "Участвует ли страна в региональном сотрудничестве против торговли людьми?",
        ["regional-networking"],
    ),
    (
        "PR5",
        "partnership",
        "Is data on victims and cases collected and published?",
        "Собираются и публикуются ли данные о жертвах и делах?",
        ["monitoring-and-research"],
    ),
]
NUMERIC = {"PS5": "cases"}
COMMITMENT = (
    "OSCE Action Plan to Combat Trafficking in Human Beings (Permanent Council Decision No. 557, 2003)"
)

LEVELS = [Level.NOT_IN_PLACE, Level.PARTLY, Level.IN_PLACE]

# text, text in Russian, priority, addressee, themes
RECOMMENDATIONS = [
    (
        "Adopt and fund a national referral mechanism with written roles for every State body and NGO.",
        "Принять и финансировать национальный механизм перенаправления с письменным распределением ролей.",
        "high",
        "government",
        ["national-referral-mechanisms"],
        ["PT1"],
    ),
    (
        "Train border police and labour inspectors to identify victims.",
        "Обучить пограничную полицию и трудовых инспекторов выявлению жертв.",
        "medium",
        "government",
        ["law-enforcement-training"],
        ["PS2"],
    ),
    (
        "Open shelters for children with specialised staff.",
        "Открыть приюты для детей со специально подготовленным персоналом.",
        "high",
        "ngo",
        ["child-trafficking"],
        ["PT4"],
    ),
    (
        "Support a regional exchange of prosecutors with neighbouring countries.",
        "Поддержать региональный обмен прокурорами с соседними странами.",
        "low",
        "office",
        ["regional-networking"],
        ["PR4"],
    ),
]


def _level(iso2: str, code: str, cycle: int) -> str:
    """A stable made-up answer: some countries improve between the cycles."""
    digest = int(hashlib.sha256(f"{iso2}:{code}".encode()).hexdigest(), 16)
    index = digest % 3
    if cycle == 2005 and digest % 4 == 0:
        index = min(index + 1, 2)
    if digest % 17 == 0:
        return Level.NO_INFORMATION
    return LEVELS[index]


def _framework(curator) -> Framework:
    framework = Framework.objects.create(
        title="SEE RIGHTS methodology",
        title_ru="Методология SEE RIGHTS",
        slug=f"{FAMILY}-{VERSION}",
        family=FAMILY,
        version=VERSION,
        description="Monitoring of anti-trafficking responses against OSCE commitments, by the four Ps.",
        description_ru="Мониторинг мер против торговли людьми на соответствие обязательствам ОБСЕ.",
    )
    areas = {}
    for order, (code, name, name_ru) in enumerate(AREAS):
        areas[code] = Area.objects.create(
            framework=framework,
            code=code,
            name=name,
            name_ru=name_ru,
            order=order,
            theme=Theme.objects.filter(slug=code).first(),
        )
    for order, (code, area, question, question_ru, themes) in enumerate(INDICATORS):
        indicator = Indicator.objects.create(
            framework=framework,
            area=areas[area],
            code=code,
            order=order,
            question=question,
            question_ru=question_ru,
            guidance="Answer from official sources and NGO reports; cite each.",
            guidance_ru="Отвечайте по официальным источникам и докладам НПО, указывая каждый.",
            commitment=COMMITMENT,
            kind=AnswerKind.NUMBER if code in NUMERIC else AnswerKind.LEVEL,
            unit=NUMERIC.get(code, ""),
        )
        indicator.themes.set(Theme.objects.filter(slug__in=themes))
    return framework_publish(user=curator, framework=framework)


def _fill(assessment, assessor, cycle):
    iso2 = assessment.country.iso2
    for finding in assessment.findings.select_related("indicator"):
        code = finding.indicator.code
        number = finding.indicator.kind == AnswerKind.NUMBER
        digest = int(hashlib.sha256(f"{iso2}:{code}".encode()).hexdigest(), 16)
        finding_save(
            user=assessor,
            finding=finding,
            level="" if number else _level(iso2, code, cycle),
            value=(digest % 40) + (cycle - 2004) * 3 if number else None,
            evidence=f"Demo evidence for {code} in {assessment.country.name}, {cycle}.",
            confidence=["high", "medium", "low"][digest % 3],
            change_note="Improved since the previous cycle." if cycle == 2005 and digest % 4 == 0 else "",
            confirm=True,
            new_source=None
            if finding.sources.exists()
            else {"title": f"SEE RIGHTS country report {cycle} (demo)", "date": datetime.date(cycle, 10, 1)},
        )


def _users():
    roles.sync_groups()
    curator = User.objects.get(username="curator")
    assessor, _ = User.objects.get_or_create(username="assessor", defaults={"email": "assessor@example.org"})
    assessor.set_password("demo-assessor-pass")
    assessor.save()
    assessor.groups.set([Group.objects.get(name=roles.ASSESSOR)])
    return curator, assessor


def _recommend(assessment, assessor, framework):
    for index, (text, text_ru, priority, addressee, themes, codes) in enumerate(RECOMMENDATIONS):
        if (index + len(assessment.country.iso2) + ord(assessment.country.iso2[0])) % 3 == 0 and index:
            continue
        recommendation_save(
            user=assessor,
            assessment=assessment,
            text=text,
            text_ru=text_ru,
            priority=priority,
            addressee=addressee,
            themes=list(Theme.objects.filter(slug__in=themes)),
            indicators=list(framework.indicators.filter(code__in=codes)),
        )


def _follow_up(curator):
    """Follow-up of the 2004 recommendations a year later."""
    for recommendation in (
        Recommendation.objects.public().filter(assessment__cycle=2004).select_related("assessment__country")
    ):
        recommendation_follow_up(
            user=curator,
            recommendation=recommendation,
            status="in_progress",
            note="Work started (demo).",
            on=datetime.date(2005, 3, 1),
        )


def _link():
    """The first 2005 recommendations of Moldova and Armenia are answered by a demo fund project and an
    inventory activity, Albania's referral mechanism by the seed conference; the others stay open (the
    country pages list them)."""
    for iso2 in ("MD", "AM"):
        current = Recommendation.objects.public().filter(
            assessment__country__iso2=iso2, assessment__cycle=2005
        )
        project = Proposal.objects.public().filter(countries__iso2=iso2).order_by("pk").first()
        first = current.order_by("pk").first()
        if project is not None and first is not None:
            first.proposals.add(project)
        activity = Activity.objects.published().filter(countries__iso2=iso2).order_by("pk").first()
        second = current.order_by("pk")[1:2].first()
        if activity is not None and second is not None:
            second.activities.add(activity)
    # The seed's conference on victim protection (events.demo, loaded before) answers Albania's 2005
    # recommendation on a national referral mechanism, the conference's subject.
    conference = Event.objects.filter(slug=CONFERENCE).first()
    referral = (
        Recommendation.objects.public()
        .filter(
            assessment__country__iso2="AL",
            assessment__cycle=2005,
            themes__slug="national-referral-mechanisms",
        )
        .order_by("pk")
        .first()
    )
    if conference is not None and referral is not None:
        referral.events.add(conference)


def load(stdout) -> None:
    if Framework.objects.filter(slug=f"{FAMILY}-{VERSION}").exists():
        stdout.write("Monitoring demo data already loaded.")
        return
    curator, assessor = _users()
    framework = _framework(curator)
    for cycle in (2004, 2005):
        for iso2 in COUNTRIES:
            assessment = assessment_create(
                user=curator,
                country=Country.objects.get(iso2=iso2),
                framework=framework,
                cycle=cycle,
                reviewer=curator,
                assessors=[assessor],
            )
            _fill(assessment, assessor, cycle)
            _recommend(assessment, assessor, framework)
            assessment = assessment_transition(user=assessor, assessment=assessment, action=Action.SUBMIT)
            if cycle == 2005 and iso2 == IN_REVIEW:
                continue
            assessment_transition(user=curator, assessment=assessment, action=Action.PUBLISH)
        if cycle == 2004:
            _follow_up(curator)
    _link()
    stdout.write(
        f"Monitoring: {framework} with {framework.indicators.count()} indicators; cycles 2004 and 2005 for "
        f"{len(COUNTRIES)} countries ({IN_REVIEW} 2005 in review). Assessor account: assessor / demo-assessor-pass"
    )
