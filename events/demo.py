"""Demo events written for this project, around the seed document's conferences and trainings:
the conference on victim protection in countries of destination (held, with its report), a media
training in Southeast Europe (held, attendees invited to the roster), the upcoming annual
anti-trafficking meeting (registration open) and a cancelled workshop. Dates are relative to
`today` so that the demo always has past and upcoming events. Idempotent (by slug).

The participants are invented and marked as such; their names and addresses must never reach a
public surface (tests/events/test_privacy.py scans every public page, feed and export for them).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from clearinghouse.models import Country, Organisation, Theme
from library.models import Document, DocumentKind, DocumentStatus

from .choices import CONSENT_VERSION, EventKind, EventStatus, RegistrationStatus
from .models import Event, EventLog, Feedback, Registration

# name, e-mail, organisation, country, share organisation
DEMO_PARTICIPANTS = {
    "conference-victim-protection-destination": [
        ("Greta Demoveld", "greta.demoveld@example.org", "La Strada International", "NL", True),
        ("Paolo Finzionetti", "paolo.finzionetti@example.org", "Ministry of the Interior", "IT", False),
        ("Hanna Beispielova", "hanna.beispielova@example.org", "Anti-Slavery International", "GB", True),
    ],
    "media-training-southeast-europe": [
        ("Mirela Izmišljena", "mirela.izmisljena@example.org", "Radio Free Demo", "BA", True),
        ("Dragan Primerović", "dragan.primerovic@example.org", "Daily Example", "RS", True),
        ("Elira Shembulli", "elira.shembulli@example.org", "TV Demo Tirana", "AL", False),
    ],
    "annual-anti-trafficking-meeting": [
        ("Aigerim Demoeva", "aigerim.demoeva@example.org", "OSCE Centre in Bishkek", "KG", True),
        (
            "Tomasz Przykładowy",
            "tomasz.przykladowy@example.org",
            "National Co-ordinator's Office",
            "PL",
            False,
        ),
    ],
}


def _at(day: date, hour: int, zone: str) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))


def _document(slug, title, kind, year, summary, themes) -> Document:
    document, _created = Document.objects.update_or_create(
        slug=slug,
        defaults={
            "title": title,
            "kind": kind,
            "language": "en",
            "publication_year": year,
            "summary": summary,
            "status": DocumentStatus.PUBLISHED,
        },
    )
    document.publishers.set(Organisation.objects.filter(slug="osce-odihr"))
    document.themes.set(Theme.objects.filter(slug__in=themes))
    return document


def _event(slug, **fields) -> Event:
    m2m = {name: fields.pop(name) for name in ("countries", "themes", "organisers", "partners", "materials")}
    status = fields.pop("status")
    event, _created = Event.objects.update_or_create(slug=slug, defaults=fields)
    event.countries.set(Country.objects.filter(iso2__in=m2m["countries"]))
    event.themes.set(Theme.objects.filter(slug__in=m2m["themes"]))
    event.organisers.set(Organisation.objects.filter(slug__in=m2m["organisers"]))
    event.partners.set(Organisation.objects.filter(slug__in=m2m["partners"]))
    event.materials.set(m2m["materials"])
    if event.status != status:
        # Demo data only, and the one status write outside events.services.event_transition
        # (issue 15 allows it): the seed puts each demo event straight into its state, and writes in
        # one row the history the workflow would have written.
        EventLog.objects.create(event=event, action="demo", from_status=event.status, to_status=status)
        Event.objects.filter(pk=event.pk).update(status=status)
        event.status = status
    return event


def _participants(event: Event, *, status: str, attended: bool | None, invited: bool = False) -> list:
    found = []
    now = timezone.now()
    for name, email, organisation, iso2, share in DEMO_PARTICIPANTS[event.slug]:
        registration, _created = Registration.objects.update_or_create(
            event=event,
            email=email,
            defaults={
                "full_name": name,
                "organisation_name": organisation,
                "position": "Demo participant",
                "country": Country.objects.filter(iso2=iso2).first(),
                "share_organisation": share,
                "consent_version": CONSENT_VERSION,
                "consent_given_at": now,
                "status": status,
                "attended": attended,
                "roster_invited_at": now if invited else None,
            },
        )
        found.append(registration)
    return found


def load(stdout, *, today: date | None = None) -> dict[str, Event]:
    today = today or timezone.localdate()
    agenda = _document(
        "conference-victim-protection-destination-agenda",
        "Conference on Victim Protection in Countries of Destination: agenda and working groups",
        DocumentKind.OTHER,
        today.year,
        "Agenda of the conference, with its working groups: residence permits and irregular immigration; "
        "awareness and attitudes; the informal labour sector and migrant workers' rights; organised "
        "criminal networks and corruption; identification of trafficked persons; demand.",
        ["victim-protection-destination"],
    )
    report = _document(
        "conference-victim-protection-destination-report",
        "Conference on Victim Protection in Countries of Destination: report and recommendations",
        DocumentKind.CONFERENCE,
        today.year,
        "Report of the conference, which addressed the need for multidisciplinary victim protection "
        "systems based on National Referral Mechanisms and for legally binding victim protection "
        "provisions in countries of destination, with the recommendations of its working groups.",
        ["victim-protection-destination", "national-referral-mechanisms"],
    )
    handout = _document(
        "media-training-southeast-europe-handout",
        "Reporting on trafficking in human beings: training handout for media professionals",
        DocumentKind.TRAINING,
        today.year,
        "Handout of the media training: the complexity of trafficking, the rights and vulnerability of "
        "trafficked persons, and professional codes of ethics for reporting on sensitive issues.",
        ["media-and-awareness"],
    )
    events = {}
    held = today - timedelta(days=120)
    events["conference"] = _event(
        "conference-victim-protection-destination",
        kind=EventKind.CONFERENCE,
        title="Conference on Victim Protection in Countries of Destination",
        title_ru="Конференция о защите жертв в странах назначения",
        summary=(
            "The ODIHR conference in Western Europe on human rights protection measures for trafficked "
            "persons in countries of destination: multidisciplinary victim support systems based on the "
            "inclusive and co-operative National Referral Mechanism concept, and legally binding victim "
            "protection provisions. NGOs present their monitoring and advocacy work."
        ),
        summary_ru=(
            "Конференция БДИПЧ в Западной Европе о мерах защиты прав жертв торговли людьми в странах "
            "назначения и о национальных механизмах перенаправления."
        ),
        starts_at=_at(held, 9, "Europe/Brussels"),
        ends_at=_at(held + timedelta(days=1), 17, "Europe/Brussels"),
        time_zone="Europe/Brussels",
        venue="Conference centre",
        city="Brussels",
        country=Country.objects.get(iso2="BE"),
        audience="Governments, NGOs and international organisations of countries of destination",
        working_languages="English, French, German",
        capacity=150,
        report=report,
        status=EventStatus.REPORT_PUBLISHED,
        countries=["BE", "NL", "DE", "IT", "GB", "AT", "FR"],
        themes=["victim-protection-destination", "national-referral-mechanisms"],
        organisers=["osce-odihr"],
        partners=["anti-slavery-international", "la-strada"],
        materials=[agenda],
    )
    _participants(events["conference"], status=RegistrationStatus.ACCEPTED, attended=True)

    trained = today - timedelta(days=45)
    events["media"] = _event(
        "media-training-southeast-europe",
        kind=EventKind.TRAINING,
        title="Training for media professionals on reporting on trafficking in Southeast Europe",
        title_ru="Тренинг для журналистов Юго-Восточной Европы об освещении торговли людьми",
        summary=(
            "Three days for journalists and editors from Southeast Europe with media experts and trainers: "
            "the complexity of trafficking, the rights of trafficked persons, codes of ethics for reporting. "
            "Trained media professionals are invited to the ODIHR's expert roster."
        ),
        summary_ru="Три дня для журналистов и редакторов Юго-Восточной Европы: этика освещения торговли людьми.",
        starts_at=_at(trained, 9, "Europe/Sarajevo"),
        ends_at=_at(trained + timedelta(days=2), 16, "Europe/Sarajevo"),
        time_zone="Europe/Sarajevo",
        venue="Training centre",
        city="Sarajevo",
        country=Country.objects.get(iso2="BA"),
        audience="Media professionals",
        working_languages="English, Bosnian/Croatian/Serbian, Albanian",
        capacity=20,
        invites_to_roster=True,
        status=EventStatus.HELD,
        countries=["BA", "RS", "AL", "MK"],
        themes=["media-and-awareness", "capacity-building"],
        organisers=["osce-odihr"],
        partners=["osce-mission-to-bih", "internews"],
        materials=[handout],
    )
    media = _participants(events["media"], status=RegistrationStatus.ACCEPTED, attended=True, invited=True)
    for registration, rating in zip(media, (5, 4, 5), strict=True):
        Feedback.objects.get_or_create(
            registration=registration,
            defaults={"event": events["media"], "overall": rating, "content": rating, "organisation": 4},
        )

    meeting = today + timedelta(days=60)
    events["meeting"] = _event(
        "annual-anti-trafficking-meeting",
        kind=EventKind.MEETING,
        title="Annual OSCE Anti-Trafficking Meeting",
        title_ru="Ежегодное совещание ОБСЕ по борьбе с торговлей людьми",
        summary=(
            "The annual meeting in Vienna mandated by the OSCE Action Plan: to assess the implementation of "
            "OSCE commitments throughout the region and to serve as a platform for networking and exchanging "
            "experiences between governmental, non-governmental and international partners."
        ),
        summary_ru="Ежегодное совещание в Вене: оценка выполнения обязательств ОБСЕ и обмен опытом.",
        starts_at=_at(meeting, 10, "Europe/Vienna"),
        ends_at=_at(meeting + timedelta(days=1), 18, "Europe/Vienna"),
        time_zone="Europe/Vienna",
        venue="Hofburg",
        city="Vienna",
        country=Country.objects.get(iso2="AT"),
        audience="OSCE field operations, national co-ordinators, NGOs and international partners",
        working_languages="English, Russian",
        capacity=120,
        registration_opens=_at(today - timedelta(days=10), 0, "Europe/Vienna"),
        registration_closes=_at(meeting - timedelta(days=14), 23, "Europe/Vienna"),
        status=EventStatus.REGISTRATION_OPEN,
        countries=[],
        themes=["partnership", "regional-networking"],
        organisers=["osce-odihr"],
        partners=["osce-spmu"],
        materials=[],
    )
    _participants(events["meeting"], status=RegistrationStatus.ACCEPTED, attended=None)

    workshop = today + timedelta(days=20)
    events["workshop"] = _event(
        "workshop-nrm-caucasus",
        kind=EventKind.WORKSHOP,
        title="Workshop on National Referral Mechanisms in the Caucasus",
        title_ru="Семинар о национальных механизмах перенаправления на Кавказе",
        summary="A regional workshop for government and NGO practitioners on setting up referral mechanisms.",
        starts_at=_at(workshop, 9, "Asia/Tbilisi"),
        ends_at=_at(workshop, 17, "Asia/Tbilisi"),
        time_zone="Asia/Tbilisi",
        venue="",
        city="Tbilisi",
        country=Country.objects.get(iso2="GE"),
        audience="Government and NGO practitioners",
        working_languages="English, Russian",
        capacity=30,
        status=EventStatus.CANCELLED,
        countries=["GE", "AM", "AZ"],
        themes=["national-referral-mechanisms"],
        organisers=["osce-odihr"],
        partners=["osce-mission-to-georgia"],
        materials=[],
    )
    Event.objects.filter(pk=events["workshop"].pk).update(
        cancellation_note="Postponed to next year at the request of the host authorities."
    )
    _reindex([agenda.pk, report.pk, handout.pk])
    stdout.write(f"Events: {len(events)} events with demo participants.\n")
    return events


def _reindex(ids) -> None:
    """The library's search index for the demo's documents (as the library's own demo does)."""
    from library.search import document_reindex

    document_reindex(document_ids=ids)
