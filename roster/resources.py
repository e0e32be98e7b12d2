"""Import/export of expert profiles, for loading an existing roster from a spreadsheet.

Languages are written "ru:C1; en:B2"; themes by slug ("national-referral-mechanisms*" marks a
verified one); functions by value; countries "GE:5; AM:2" (ISO code and years); availability
"2027-03-01/2027-03-31". Imported experts start as awaiting vetting unless a status is given."""

from datetime import date

from django.db import transaction
from import_export import fields, resources

from clearinghouse.models import Country, Theme

from .choices import CEFR, Function, Language
from .models import Availability, CountryExperience, Expert, ExpertExpertise, ExpertFunction, ExpertLanguage


def _items(value: str) -> list[str]:
    return [item.strip() for item in (value or "").split(";") if item.strip()]


class ExpertResource(resources.ModelResource):
    languages = fields.Field(column_name="languages")
    themes = fields.Field(column_name="themes")
    functions_list = fields.Field(column_name="functions")
    countries = fields.Field(column_name="countries")
    windows = fields.Field(column_name="availability")

    class Meta:
        model = Expert
        import_id_fields = ["email"]
        fields = [
            "code",
            "full_name",
            "email",
            "phone",
            "organisation_name",
            "bio",
            "years_experience",
            "media_outlet",
            "notice_days",
            "status",
            "consent_version",
            "consent_given_at",
            "confirmed_at",
            "languages",
            "themes",
            "functions_list",
            "countries",
            "windows",
        ]
        skip_unchanged = True

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .exclude(status="erased")
            .prefetch_related(
                "languages", "expertise__theme", "functions", "country_experience__country", "availability"
            )
        )

    def dehydrate_languages(self, expert):
        return "; ".join(f"{x.language}:{x.get_level_display()}" for x in expert.languages.all())

    def dehydrate_themes(self, expert):
        return "; ".join(x.theme.slug + ("*" if x.verified else "") for x in expert.expertise.all())

    def dehydrate_functions_list(self, expert):
        return "; ".join(x.function for x in expert.functions.all())

    def dehydrate_countries(self, expert):
        return "; ".join(f"{x.country.iso2}:{x.years}" for x in expert.country_experience.all())

    def dehydrate_windows(self, expert):
        return "; ".join(
            f"{x.starts_on.isoformat()}/{x.ends_on.isoformat()}" for x in expert.availability.all()
        )

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        with transaction.atomic():
            self._write_parts(instance, row)

    @staticmethod
    def _write_parts(expert, row) -> None:
        levels = {label: value for value, label in CEFR.choices}
        if row.get("languages") is not None:
            expert.languages.all().delete()
            for item in _items(row["languages"]):
                code, _sep, level = item.partition(":")
                if code in Language.values and level.strip().upper() in levels:
                    ExpertLanguage.objects.create(
                        expert=expert, language=code, level=levels[level.strip().upper()]
                    )
        if row.get("themes") is not None:
            expert.expertise.all().delete()
            for item in _items(row["themes"]):
                theme = Theme.objects.filter(slug=item.rstrip("*")).first()
                if theme:
                    ExpertExpertise.objects.create(expert=expert, theme=theme, verified=item.endswith("*"))
        if row.get("functions") is not None:
            expert.functions.all().delete()
            for item in _items(row["functions"]):
                if item in Function.values:
                    ExpertFunction.objects.get_or_create(expert=expert, function=item)
        if row.get("countries") is not None:
            expert.country_experience.all().delete()
            for item in _items(row["countries"]):
                iso2, _sep, years = item.partition(":")
                country = Country.objects.filter(iso2=iso2.strip().upper()).first()
                if country:
                    CountryExperience.objects.get_or_create(
                        expert=expert, country=country, defaults={"years": int(years or 0)}
                    )
        if row.get("availability") is not None:
            expert.availability.all().delete()
            for item in _items(row["availability"]):
                start, _sep, end = item.partition("/")
                Availability.objects.create(
                    expert=expert,
                    starts_on=date.fromisoformat(start.strip()),
                    ends_on=date.fromisoformat(end.strip()),
                )
