"""Loads the shared vocabulary: regions, the 57 OSCE participating States, the theme taxonomy and
the organisations the 2004-2005 programme document names. Rows are matched on their natural keys,
so running it again (or after curators have edited names) never duplicates anything."""

from django.db import migrations

REGIONS = [
    # slug, name, Russian name
    ("southeast-europe", "Southeast Europe", "Юго-Восточная Европа"),
    ("eastern-europe", "Eastern Europe", "Восточная Европа"),
    ("caucasus", "Caucasus", "Кавказ"),
    ("central-asia", "Central Asia", "Центральная Азия"),
    ("central-europe-baltic", "Central Europe and the Baltic States", "Центральная Европа и Балтия"),
    ("western-europe", "Western Europe", "Западная Европа"),
    ("north-america", "North America", "Северная Америка"),
]

COUNTRIES = [
    # iso2, iso3, name, Russian name, region slug
    ("AL", "ALB", "Albania", "Албания", "southeast-europe"),
    ("BA", "BIH", "Bosnia and Herzegovina", "Босния и Герцеговина", "southeast-europe"),
    ("BG", "BGR", "Bulgaria", "Болгария", "southeast-europe"),
    ("HR", "HRV", "Croatia", "Хорватия", "southeast-europe"),
    ("GR", "GRC", "Greece", "Греция", "southeast-europe"),
    ("ME", "MNE", "Montenegro", "Черногория", "southeast-europe"),
    ("MK", "MKD", "North Macedonia", "Северная Македония", "southeast-europe"),
    ("RO", "ROU", "Romania", "Румыния", "southeast-europe"),
    ("RS", "SRB", "Serbia", "Сербия", "southeast-europe"),
    ("SI", "SVN", "Slovenia", "Словения", "southeast-europe"),
    ("TR", "TUR", "Türkiye", "Турция", "southeast-europe"),
    ("BY", "BLR", "Belarus", "Беларусь", "eastern-europe"),
    ("MD", "MDA", "Moldova", "Молдова", "eastern-europe"),
    ("RU", "RUS", "Russian Federation", "Российская Федерация", "eastern-europe"),
    ("UA", "UKR", "Ukraine", "Украина", "eastern-europe"),
    ("AM", "ARM", "Armenia", "Армения", "caucasus"),
    ("AZ", "AZE", "Azerbaijan", "Азербайджан", "caucasus"),
    ("GE", "GEO", "Georgia", "Грузия", "caucasus"),
    ("KZ", "KAZ", "Kazakhstan", "Казахстан", "central-asia"),
    ("KG", "KGZ", "Kyrgyzstan", "Кыргызстан", "central-asia"),
    ("MN", "MNG", "Mongolia", "Монголия", "central-asia"),
    ("TJ", "TJK", "Tajikistan", "Таджикистан", "central-asia"),
    ("TM", "TKM", "Turkmenistan", "Туркменистан", "central-asia"),
    ("UZ", "UZB", "Uzbekistan", "Узбекистан", "central-asia"),
    ("CZ", "CZE", "Czechia", "Чехия", "central-europe-baltic"),
    ("EE", "EST", "Estonia", "Эстония", "central-europe-baltic"),
    ("HU", "HUN", "Hungary", "Венгрия", "central-europe-baltic"),
    ("LV", "LVA", "Latvia", "Латвия", "central-europe-baltic"),
    ("LT", "LTU", "Lithuania", "Литва", "central-europe-baltic"),
    ("PL", "POL", "Poland", "Польша", "central-europe-baltic"),
    ("SK", "SVK", "Slovakia", "Словакия", "central-europe-baltic"),
    ("AD", "AND", "Andorra", "Андорра", "western-europe"),
    ("AT", "AUT", "Austria", "Австрия", "western-europe"),
    ("BE", "BEL", "Belgium", "Бельгия", "western-europe"),
    ("CY", "CYP", "Cyprus", "Кипр", "western-europe"),
    ("DK", "DNK", "Denmark", "Дания", "western-europe"),
    ("FI", "FIN", "Finland", "Финляндия", "western-europe"),
    ("FR", "FRA", "France", "Франция", "western-europe"),
    ("DE", "DEU", "Germany", "Германия", "western-europe"),
    ("VA", "VAT", "Holy See", "Святой Престол", "western-europe"),
    ("IS", "ISL", "Iceland", "Исландия", "western-europe"),
    ("IE", "IRL", "Ireland", "Ирландия", "western-europe"),
    ("IT", "ITA", "Italy", "Италия", "western-europe"),
    ("LI", "LIE", "Liechtenstein", "Лихтенштейн", "western-europe"),
    ("LU", "LUX", "Luxembourg", "Люксембург", "western-europe"),
    ("MT", "MLT", "Malta", "Мальта", "western-europe"),
    ("MC", "MCO", "Monaco", "Монако", "western-europe"),
    ("NL", "NLD", "Netherlands", "Нидерланды", "western-europe"),
    ("NO", "NOR", "Norway", "Норвегия", "western-europe"),
    ("PT", "PRT", "Portugal", "Португалия", "western-europe"),
    ("SM", "SMR", "San Marino", "Сан-Марино", "western-europe"),
    ("ES", "ESP", "Spain", "Испания", "western-europe"),
    ("SE", "SWE", "Sweden", "Швеция", "western-europe"),
    ("CH", "CHE", "Switzerland", "Швейцария", "western-europe"),
    ("GB", "GBR", "United Kingdom", "Соединённое Королевство", "western-europe"),
    ("CA", "CAN", "Canada", "Канада", "north-america"),
    ("US", "USA", "United States of America", "Соединённые Штаты Америки", "north-america"),
]

THEMES = [
    # slug, name, Russian name, parent slug
    ("prevention", "Prevention", "Предупреждение", None),
    ("protection", "Protection", "Защита", None),
    ("prosecution", "Prosecution", "Уголовное преследование", None),
    ("partnership", "Partnership", "Партнёрство", None),
    ("media-and-awareness", "Media and awareness raising", "СМИ и повышение осведомлённости", "prevention"),
    ("labour-exploitation", "Labour exploitation", "Трудовая эксплуатация", "prevention"),
    ("at-risk-groups", "At-risk groups", "Группы риска", "prevention"),
    ("national-referral-mechanisms", "National referral mechanisms", "Национальные механизмы перенаправления", "protection"),
    ("child-trafficking", "Child trafficking", "Торговля детьми", "protection"),
    ("victim-assistance", "Victim assistance and support", "Помощь и поддержка жертвам", "protection"),
    ("victim-protection-destination", "Victim protection in countries of destination", "Защита жертв в странах назначения", "protection"),
    ("legislative-review", "Legislative review and reform", "Анализ и реформа законодательства", "prosecution"),
    ("law-enforcement-training", "Law-enforcement training", "Обучение сотрудников правоохранительных органов", "prosecution"),
    ("witness-protection", "Witness protection", "Защита свидетелей", "prosecution"),
    ("monitoring-and-research", "Monitoring and research", "Мониторинг и исследования", "partnership"),
    ("national-action-plans", "National plans of action", "Национальные планы действий", "partnership"),
    ("standards-and-guidelines", "Standards and guidelines", "Стандарты и руководящие принципы", "partnership"),
    ("capacity-building", "Capacity building", "Укрепление потенциала", "partnership"),
    ("regional-networking", "Regional networking and co-operation", "Региональное сотрудничество и сети", "partnership"),
    ("state-ngo-cooperation", "State-NGO co-operation", "Сотрудничество государства и НПО", "partnership"),
]

KEYWORDS = {
    "media-and-awareness": "media, journalist, awareness raising, awareness-raising, campaign",
    "labour-exploitation": "labour exploitation, migrant workers, labour sector, forced labour",
    "at-risk-groups": "at-risk groups, at-risk, vulnerable groups, roma",
    "national-referral-mechanisms": "national referral mechanism, referral mechanisms, nrm",
    "child-trafficking": "child, children, minors",
    "victim-assistance": "victim assistance, assistance to victims, shelter, hotline, support for victims",
    "victim-protection-destination": "countries of destination, country of destination",
    "legislative-review": "legislative review, legislation, legal reform, law reform",
    "law-enforcement-training": "law enforcement, police, border guards, prosecutors, judges",
    "witness-protection": "witness protection",
    "monitoring-and-research": "monitoring, research, needs assessment, assessment, inventory",
    "national-action-plans": "national plan of action, national plans of action, national action plan",
    "standards-and-guidelines": "standards, guidelines, codes of ethics, handbook",
    "capacity-building": "capacity building, capacity-building, training",
    "regional-networking": "networking, regional co-operation, regional cooperation, information exchange",
    "state-ngo-cooperation": "state and ngo, co-operation between state, civil society, ngo",
}

ORGANISATIONS = [
    # slug, name, acronym, kind, country iso2, website
    ("osce-odihr", "OSCE Office for Democratic Institutions and Human Rights", "ODIHR", "osce_institution", "PL", "https://www.osce.org/odihr"),
    ("osce-spmu", "OSCE Strategic Police Matters Unit", "SPMU", "osce_institution", "AT", "https://www.osce.org/"),
    ("osce-training-unit", "OSCE Training Unit", "", "osce_institution", "AT", "https://www.osce.org/"),
    ("osce-permanent-council", "OSCE Permanent Council", "", "osce_institution", "AT", "https://www.osce.org/permanent-council"),
    ("osce-ministerial-council", "OSCE Ministerial Council", "", "osce_institution", None, "https://www.osce.org/ministerial-councils"),
    ("osce-iwg-gender-trafficking", "OSCE Informal Working Group on Gender Equality and Anti-Trafficking in Human Beings", "", "osce_institution", "AT", ""),
    ("unicef", "United Nations Children's Fund", "UNICEF", "international", None, "https://www.unicef.org/"),
    ("unohchr", "United Nations Office of the High Commissioner for Human Rights", "UNOHCHR", "international", "CH", "https://www.ohchr.org/"),
    ("iom", "International Organization for Migration", "IOM", "international", "CH", "https://www.iom.int/"),
    ("council-of-europe", "Council of Europe", "CoE", "international", "FR", "https://www.coe.int/"),
    ("cahteh", "Council of Europe Ad Hoc Committee on Action Against Trafficking in Human Beings", "CAHTEH", "international", "FR", "https://www.coe.int/"),
    ("european-union", "European Union", "EU", "international", "BE", "https://european-union.europa.eu/"),
    ("european-commission", "European Commission", "", "international", "BE", "https://commission.europa.eu/"),
    ("stability-pact-task-force", "Stability Pact Task Force on Trafficking in Human Beings", "SPTF", "international", None, ""),
    ("igo-contact-group", "IGO Contact Group on Human Trafficking and Smuggling", "", "international", "CH", ""),
    ("anti-slavery-international", "Anti-Slavery International", "", "ngo", "GB", "https://www.antislavery.org/"),
    ("la-strada", "La Strada International", "", "ngo", "NL", "https://www.lastradainternational.org/"),
    ("bbc", "BBC", "", "media", "GB", "https://www.bbc.co.uk/"),
    ("internews", "Internews", "", "media", "US", "https://internews.org/"),
    ("icfj", "International Center for Journalists", "ICFJ", "media", "US", "https://www.icfj.org/"),
    ("german-foreign-office", "German Federal Foreign Office", "", "government", "DE", "https://www.auswaertiges-amt.de/"),
    # OSCE field operations: the field missions that submit proposals and request experts.
    ("osce-mission-to-moldova", "OSCE Mission to Moldova", "", "osce_field", "MD", "https://www.osce.org/mission-to-moldova"),
    ("osce-office-in-yerevan", "OSCE Office in Yerevan", "", "osce_field", "AM", "https://www.osce.org/"),
    ("osce-office-in-baku", "OSCE Office in Baku", "", "osce_field", "AZ", "https://www.osce.org/"),
    ("osce-mission-to-georgia", "OSCE Mission to Georgia", "", "osce_field", "GE", "https://www.osce.org/"),
    ("osce-presence-in-albania", "OSCE Presence in Albania", "", "osce_field", "AL", "https://www.osce.org/presence-in-albania"),
    ("osce-mission-to-bih", "OSCE Mission to Bosnia and Herzegovina", "", "osce_field", "BA", "https://www.osce.org/mission-to-bosnia-and-herzegovina"),
    ("osce-mission-to-serbia", "OSCE Mission to Serbia", "", "osce_field", "RS", "https://www.osce.org/mission-to-serbia"),
    ("osce-mission-to-skopje", "OSCE Mission to Skopje", "", "osce_field", "MK", "https://www.osce.org/mission-to-skopje"),
    ("osce-centre-in-bishkek", "OSCE Centre in Bishkek", "", "osce_field", "KG", "https://www.osce.org/"),
    ("osce-centre-in-ashgabat", "OSCE Centre in Ashgabat", "", "osce_field", "TM", "https://www.osce.org/centre-in-ashgabat"),
    ("osce-office-in-tajikistan", "OSCE Programme Office in Dushanbe", "", "osce_field", "TJ", "https://www.osce.org/"),
    ("osce-project-coordinator-uzbekistan", "OSCE Project Co-ordinator in Uzbekistan", "", "osce_field", "UZ", "https://www.osce.org/project-coordinator-in-uzbekistan"),
    ("osce-programme-office-astana", "OSCE Programme Office in Astana", "", "osce_field", "KZ", "https://www.osce.org/"),
    ("osce-project-coordinator-ukraine", "OSCE Project Co-ordinator in Ukraine", "", "osce_field", "UA", "https://www.osce.org/"),
]


def load(apps, schema_editor):
    Region = apps.get_model("clearinghouse", "Region")
    Country = apps.get_model("clearinghouse", "Country")
    Theme = apps.get_model("clearinghouse", "Theme")
    Organisation = apps.get_model("clearinghouse", "Organisation")

    regions = {}
    for order, (slug, name, name_ru) in enumerate(REGIONS):
        regions[slug], _ = Region.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_ru": name_ru, "order": order}
        )
    countries = {}
    for iso2, iso3, name, name_ru, region in COUNTRIES:
        countries[iso2], _ = Country.objects.get_or_create(
            iso2=iso2,
            defaults={"iso3": iso3, "name": name, "name_ru": name_ru, "region": regions[region]},
        )
    themes = {}
    for order, (slug, name, name_ru, parent) in enumerate(THEMES):
        themes[slug], _ = Theme.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_ru": name_ru,
                "order": order,
                "parent": themes[parent] if parent else None,
                "keywords": KEYWORDS.get(slug, ""),
            },
        )
    for slug, name, acronym, kind, iso2, website in ORGANISATIONS:
        Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "acronym": acronym,
                "kind": kind,
                "country": countries[iso2] if iso2 else None,
                "website": website,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("clearinghouse", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
