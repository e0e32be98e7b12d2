"""Monitoring test data, built through the services so events and carried-forward answers are real."""

import factory

from clearinghouse import roles
from clearinghouse.models import Country, Theme
from monitoring.choices import AnswerKind, Level
from monitoring.models import Area, Framework, Indicator
from monitoring.services.assessments import assessment_create, assessment_transition, finding_save
from monitoring.services.frameworks import framework_publish
from monitoring.workflow import Action
from tests.factories import UserFactory

AREAS = [
    ("prevention", "Prevention"),
    ("protection", "Protection"),
    ("prosecution", "Prosecution"),
    ("partnership", "Partnership"),
]


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    title = "SEE RIGHTS methodology"
    title_ru = "Методология SEE RIGHTS"
    family = "see-rights"
    version = factory.Sequence(lambda n: f"{2004 + n}")
    slug = factory.LazyAttribute(lambda f: f"{f.family}-{f.version}")


def make_framework(*, per_area: int = 2, publish_as=None, with_number: bool = False, **kwargs) -> Framework:
    """A framework with the four Ps and `per_area` level indicators each (codes 'prevention-1'...);
    with_number adds one numeric indicator to prosecution. Published when `publish_as` is a curator."""
    framework = FrameworkFactory(**kwargs)
    for order, (code, name) in enumerate(AREAS):
        area = Area.objects.create(
            framework=framework, code=code, name=name, order=order, theme=Theme.objects.get(slug=code)
        )
        for n in range(1, per_area + 1):
            indicator = Indicator.objects.create(
                framework=framework,
                area=area,
                code=f"{code}-{n}",
                order=n,
                question=f"Is measure {n} of {name.lower()} in place?",
                question_ru=f"Принята ли мера {n}?",
                commitment="OSCE Action Plan to Combat Trafficking in Human Beings (2003)",
            )
            indicator.themes.add(Theme.objects.get(slug=code))
    if with_number:
        Indicator.objects.create(
            framework=framework,
            area=framework.areas.get(code="prosecution"),
            code="prosecution-cases",
            order=99,
            question="How many trafficking cases were prosecuted?",
            kind=AnswerKind.NUMBER,
            unit="cases",
        )
    if publish_as is not None:
        framework = framework_publish(user=publish_as, framework=framework)
    return framework


def make_assessor(**kwargs):
    return UserFactory(role=roles.ASSESSOR, **kwargs)


def open_assessment(*, curator, framework, country="MD", cycle=2004, assessors=(), reviewer=None):
    country = Country.objects.get(iso2=country) if isinstance(country, str) else country
    return assessment_create(
        user=curator,
        country=country,
        framework=framework,
        cycle=cycle,
        reviewer=reviewer or curator,
        assessors=list(assessors),
    )


def answer_all(assessment, assessor, level=Level.PARTLY, value=7):
    """Every finding answered, with a source."""
    for finding in assessment.findings.select_related("indicator"):
        finding_save(
            user=assessor,
            finding=finding,
            level=level if finding.indicator.kind == AnswerKind.LEVEL else "",
            value=value if finding.indicator.kind == AnswerKind.NUMBER else None,
            evidence=f"Evidence for {finding.indicator.code}",
            confidence="medium",
            confirm=True,
            new_source=None
            if finding.sources.exists()
            else {"title": "Country report", "url": "https://example.org/r"},
        )


def publish(assessment, assessor, reviewer):
    assessment = assessment_transition(user=assessor, assessment=assessment, action=Action.SUBMIT)
    return assessment_transition(user=reviewer, assessment=assessment, action=Action.PUBLISH)


def published_assessment(*, curator, framework, assessor, country="MD", cycle=2004, level=Level.PARTLY):
    assessment = open_assessment(
        curator=curator, framework=framework, country=country, cycle=cycle, assessors=[assessor]
    )
    answer_all(assessment, assessor, level=level)
    return publish(assessment, assessor, curator)
