"""Import/export of the fund's records; ProposalResource loads historic projects from a spreadsheet
(mission by slug, countries by ISO code, themes by slug, separated by commas)."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from clearinghouse.models import Country, Organisation, Theme

from .models import FundingRound, Proposal


class ProposalResource(resources.ModelResource):
    mission = fields.Field(
        attribute="mission", column_name="mission", widget=ForeignKeyWidget(Organisation, "slug")
    )
    round = fields.Field(
        attribute="round", column_name="round", widget=ForeignKeyWidget(FundingRound, "title")
    )
    countries = fields.Field(
        attribute="countries",
        column_name="countries",
        widget=ManyToManyWidget(Country, field="iso2", separator=","),
    )
    themes = fields.Field(
        attribute="themes", column_name="themes", widget=ManyToManyWidget(Theme, field="slug", separator=",")
    )

    class Meta:
        model = Proposal
        import_id_fields = ["reference"]
        skip_unchanged = True
        fields = [
            "reference",
            "mission",
            "round",
            "title",
            "summary",
            "objectives",
            "activities",
            "partners",
            "beneficiaries",
            "locations",
            "countries",
            "themes",
            "start_date",
            "end_date",
            "co_funding",
            "co_funding_sources",
            "requested_amount",
            "approved_amount",
            "decided_at",
            "status",
            "urgent",
            "sensitive",
        ]


class FundingRoundResource(resources.ModelResource):
    class Meta:
        model = FundingRound
        import_id_fields = ["title"]
        exclude = ["id"]
