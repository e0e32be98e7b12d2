"""Import/export of events (public data only: registrations are never exported here). Organisations,
partners and themes by slug, countries by ISO code, separated by commas."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from clearinghouse.models import Country, Organisation, Theme

from .models import Event


class EventResource(resources.ModelResource):
    country = fields.Field(
        attribute="country", column_name="country", widget=ForeignKeyWidget(Country, "iso2")
    )
    countries = fields.Field(
        attribute="countries",
        column_name="countries",
        widget=ManyToManyWidget(Country, field="iso2", separator=","),
    )
    themes = fields.Field(
        attribute="themes", column_name="themes", widget=ManyToManyWidget(Theme, field="slug", separator=",")
    )
    organisers = fields.Field(
        attribute="organisers",
        column_name="organisers",
        widget=ManyToManyWidget(Organisation, field="slug", separator=","),
    )
    partners = fields.Field(
        attribute="partners",
        column_name="partners",
        widget=ManyToManyWidget(Organisation, field="slug", separator=","),
    )

    class Meta:
        model = Event
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "kind",
            "title",
            "title_ru",
            "summary",
            "summary_ru",
            "starts_at",
            "ends_at",
            "time_zone",
            "online",
            "venue",
            "city",
            "country",
            "countries",
            "themes",
            "organisers",
            "partners",
            "audience",
            "working_languages",
            "capacity",
            "registration_opens",
            "registration_closes",
            "invites_to_roster",
        ]
        export_order = fields
