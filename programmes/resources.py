from import_export import fields, resources, widgets

from clearinghouse.models import Country, Region, Theme

from .models import Programme, ProjectOutline


class ProgrammeResource(resources.ModelResource):
    # Exported, never imported: publication goes through programmes.services.publication.
    status = fields.Field(attribute="status", column_name="status", readonly=True)
    themes = fields.Field(
        attribute="themes", widget=widgets.ManyToManyWidget(Theme, separator=";", field="slug")
    )
    regions = fields.Field(
        attribute="regions", widget=widgets.ManyToManyWidget(Region, separator=";", field="slug")
    )
    countries = fields.Field(
        attribute="countries", widget=widgets.ManyToManyWidget(Country, separator=";", field="iso2")
    )

    def filter_export(self, queryset, **kwargs):
        # The lists of every exported row in one query each, not one per row.
        return super().filter_export(queryset, **kwargs).prefetch_related("themes", "regions", "countries")

    class Meta:
        model = Programme
        import_id_fields = ["slug"]
        skip_unchanged = True
        report_skipped = True
        exclude = ["id", "created", "updated", "partners"]


class ProjectOutlineResource(resources.ModelResource):
    programme = fields.Field(attribute="programme", widget=widgets.ForeignKeyWidget(Programme, field="slug"))
    status = fields.Field(attribute="status", column_name="status", readonly=True)
    themes = fields.Field(
        attribute="themes", widget=widgets.ManyToManyWidget(Theme, separator=";", field="slug")
    )
    regions = fields.Field(
        attribute="regions", widget=widgets.ManyToManyWidget(Region, separator=";", field="slug")
    )
    countries = fields.Field(
        attribute="countries", widget=widgets.ManyToManyWidget(Country, separator=";", field="iso2")
    )

    class Meta:
        model = ProjectOutline
        import_id_fields = ["programme", "slug"]
        skip_unchanged = True
        report_skipped = True
        exclude = ["id", "created", "updated", "partners"]
