"""Demo library: the publications the seed document names, as catalogue records only (no invented
file content). Loaded by `manage.py seed_demo`; idempotent."""

from django.utils import timezone

from clearinghouse.models import Country, Organisation, Region, Theme
from programmes.models import Programme

from .models import Collection, CollectionItem, Document, DocumentStatus
from .search import document_reindex

# slug: (title, kind, language, year, publishers, themes, countries, regions, programme slugs, summary,
#        edition_of slug)
ENTRIES = {
    "nrm-handbook": (
        "National Referral Mechanisms: Joining Efforts to Protect the Rights of Trafficked Persons. "
        "A Practical Handbook",
        "handbook",
        "en",
        2004,
        ["osce-odihr"],
        ["national-referral-mechanisms", "victim-assistance", "standards-and-guidelines"],
        [],
        [],
        [
            "standard-setting-and-capacity-building-programme",
            "anti-trafficking-commitments-technical-assistance-programme",
        ],
        "The ODIHR handbook on the design and implementation of National Referral Mechanisms: a practical "
        "tool for all relevant stakeholders to build co-operative frameworks through which State actors "
        "fulfil their obligations to protect and promote the human rights of trafficked persons, in "
        "strategic partnership with civil society.",
        "",
    ),
    "nrm-handbook-ru": (
        "Национальные механизмы перенаправления: объединение усилий по защите прав жертв торговли "
        "людьми. Практическое руководство",
        "handbook",
        "ru",
        2004,
        ["osce-odihr"],
        ["national-referral-mechanisms", "victim-assistance", "standards-and-guidelines"],
        [],
        [],
        ["standard-setting-and-capacity-building-programme"],
        "Русское издание руководства БДИПЧ по созданию и функционированию национальных механизмов "
        "перенаправления жертв торговли людьми.",
        "nrm-handbook",
    ),
    "see-rights-southeast-europe": (
        "SEE RIGHTS: Trafficking in Human Beings in Southeast Europe",
        "assessment",
        "en",
        2004,
        ["unicef", "unohchr", "osce-odihr"],
        ["monitoring-and-research", "victim-assistance"],
        [],
        ["southeast-europe"],
        [],
        "Regional report of the SEE RIGHTS project, in which UNICEF, UNOHCHR and the OSCE/ODIHR monitor "
        "and assess the situation and responses to trafficking in human beings in Southeast Europe.",
        "",
    ),
    "see-rights-caucasus": (
        "SEE RIGHTS methodology applied in the Caucasus: needs assessment report",
        "assessment",
        "en",
        2005,
        ["osce-odihr"],
        ["monitoring-and-research"],
        ["AM", "AZ", "GE"],
        ["caucasus"],
        [],
        "Needs assessment in the Caucasus using the SEE RIGHTS monitoring methodology.",
        "",
    ),
    "law-enforcement-training": (
        "Training materials on trafficking in human beings for law enforcement",
        "training",
        "en",
        2004,
        ["osce-odihr", "osce-spmu"],
        ["law-enforcement-training", "prosecution"],
        [],
        [],
        ["standard-setting-and-capacity-building-programme"],
        "Training materials for police and other law enforcement officers, prepared with the OSCE "
        "Strategic Police Matters Unit.",
        "",
    ),
    "identification-interrogation-guidelines": (
        "Guidelines on the identification and interrogation of trafficked persons",
        "guideline",
        "en",
        2005,
        ["osce-odihr", "osce-spmu"],
        ["law-enforcement-training", "standards-and-guidelines", "victim-assistance"],
        [],
        [],
        ["standard-setting-and-capacity-building-programme"],
        "Guidelines for law enforcement on identifying trafficked persons and on interviewing them with "
        "respect for their rights.",
        "",
    ),
    "legislative-reviews": (
        "Legislative reviews of anti-trafficking legislation in OSCE participating States",
        "legislation",
        "en",
        2004,
        ["osce-odihr"],
        ["legislative-review"],
        [],
        [],
        ["anti-trafficking-commitments-technical-assistance-programme"],
        "Reviews of national legislation against trafficking in human beings, with recommendations for "
        "reform in line with international standards.",
        "",
    ),
    "central-asia-research": (
        "Research on trafficking in human beings in Central Asia",
        "research",
        "en",
        2003,
        ["osce-odihr"],
        ["monitoring-and-research"],
        ["KZ", "KG", "TJ", "TM", "UZ"],
        ["central-asia"],
        ["odihr-anti-trafficking-project-fund"],
        "Research on trafficking in human beings in the countries of Central Asia, supported by the ODIHR.",
        "",
    ),
    "roma-egyptian-children-albania": (
        "Assessment of trafficking in children from Roma and Egyptian communities in Albania",
        "assessment",
        "en",
        2003,
        ["osce-odihr"],
        ["child-trafficking", "at-risk-groups", "monitoring-and-research"],
        ["AL"],
        ["southeast-europe"],
        ["odihr-anti-trafficking-project-fund"],
        "Assessment of trafficking in children from the Roma and Egyptian communities in Albania.",
        "",
    ),
    "europe-against-trafficking-conference": (
        "Europe against Trafficking in Persons: conference report",
        "conference",
        "en",
        2001,
        ["osce-odihr", "german-foreign-office"],
        ["victim-assistance", "regional-networking"],
        ["DE"],
        ["western-europe"],
        ["countries-of-destination-promotion-of-victim-protection-programme"],
        "Report of the conference organised by the ODIHR with the German Ministry of Foreign Affairs in "
        "October 2001, the first European conference on the situation and needs of trafficked persons in "
        "countries of destination.",
        "",
    ),
    "media-codes-of-ethics": (
        "Codes of ethics for media professionals reporting on trafficking in human beings",
        "ethics-code",
        "en",
        2005,
        ["osce-odihr"],
        ["media-and-awareness"],
        [],
        [],
        ["anti-trafficking-awareness-raising-media-and-ngo-training-programme"],
        "A compilation of codes of ethics and good practice for journalists covering trafficking in human "
        "beings, with attention to the victim's right to privacy.",
        "",
    ),
}

COLLECTIONS = {
    "media-ethics": (
        "Media codes of ethics",
        "Codes of ethics and good practice for media professionals reporting on trafficking in human beings.",
        ["media-codes-of-ethics"],
    ),
    "national-referral-mechanisms": (
        "National referral mechanisms",
        "The handbook in its language editions and the tools that accompany it.",
        ["nrm-handbook", "nrm-handbook-ru", "identification-interrogation-guidelines"],
    ),
}


def load(stdout) -> None:
    documents = {}
    for slug, entry in ENTRIES.items():
        title, kind, language, year, publishers, themes, countries, regions, programmes, summary, _ed = entry
        document, _created = Document.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "language": language,
                "publication_year": year,
                "summary": summary,
                "status": DocumentStatus.PUBLISHED,
            },
        )
        document.publishers.set(Organisation.objects.filter(slug__in=publishers))
        document.themes.set(Theme.objects.filter(slug__in=themes))
        document.countries.set(Country.objects.filter(iso2__in=countries))
        document.regions.set(Region.objects.filter(slug__in=regions))
        document.programmes.set(Programme.objects.filter(slug__in=programmes))
        documents[slug] = document
    Document.objects.filter(pk__in=[d.pk for d in documents.values()], first_published__isnull=True).update(
        first_published=timezone.now()
    )
    for slug, entry in ENTRIES.items():
        if entry[-1]:
            Document.objects.filter(pk=documents[slug].pk).update(edition_of=documents[entry[-1]])
    for slug, (title, description, members) in COLLECTIONS.items():
        collection, _created = Collection.objects.update_or_create(
            slug=slug, defaults={"title": title, "description": description, "is_public": True}
        )
        for order, member in enumerate(members):
            CollectionItem.objects.update_or_create(
                collection=collection, document=documents[member], defaults={"order": order}
            )
    document_reindex(document_ids=[d.pk for d in documents.values()])
    stdout.write(f"Library: {len(documents)} documents, {len(COLLECTIONS)} collections.\n")
