"""Bulk import of findings from earlier reports (django-import-export in the admin: a dry run shows
every row first, a row with an error stops the whole file, and the import is all or nothing).

One row per finding: the assessment by country ISO code, framework slug and cycle (it must exist
and not be published: the workflow publishes it afterwards), the indicator by code, the answer,
evidence, confidence, and one source (title, link, date)."""

from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.widgets import DateWidget

from .choices import AnswerKind, Confidence, FrameworkStatus, Level
from .models import Area, Assessment, Finding, FindingSource, Framework, Indicator


class FindingResource(resources.ModelResource):
    country = fields.Field(column_name="country")
    framework = fields.Field(column_name="framework")
    cycle = fields.Field(column_name="cycle")
    indicator_code = fields.Field(column_name="indicator")
    source_title = fields.Field(column_name="source_title")
    source_url = fields.Field(column_name="source_url")
    source_date = fields.Field(column_name="source_date", widget=DateWidget("%Y-%m-%d"))

    class Meta:
        model = Finding
        fields = [
            "country",
            "framework",
            "cycle",
            "indicator_code",
            "level",
            "value",
            "evidence",
            "evidence_ru",
            "confidence",
            "change_note",
            "source_title",
            "source_url",
            "source_date",
        ]
        import_id_fields = []
        use_transactions = True
        skip_unchanged = False

    def get_instance(self, instance_loader, row):
        return self._finding(row)

    def init_instance(self, row=None):
        return self._finding(row)

    def _finding(self, row) -> Finding:
        """The finding the row answers (every open assessment has one per indicator)."""
        iso2 = str(row.get("country") or "").strip().upper()
        slug = str(row.get("framework") or "").strip()
        cycle = str(row.get("cycle") or "").strip()
        code = str(row.get("indicator") or "").strip()
        assessment = Assessment.objects.filter(
            country__iso2=iso2, framework__slug=slug, cycle=int(cycle) if cycle.isdigit() else -1
        ).first()
        if assessment is None:
            raise ValueError(
                _("No assessment of %(country)s, %(framework)s, %(cycle)s.")
                % {"country": iso2, "framework": slug, "cycle": cycle}
            )
        if not assessment.is_editable:
            raise ValueError(
                _("The assessment is %(status)s: findings cannot be imported into it.")
                % {"status": assessment.get_status_display()}
            )
        indicator = Indicator.objects.filter(framework=assessment.framework, code=code).first()
        if indicator is None:
            raise ValueError(_("The framework has no indicator %(code)s.") % {"code": code})
        finding = Finding.objects.filter(assessment=assessment, indicator=indicator).first()
        return finding or Finding(assessment=assessment, indicator=indicator)

    def before_import_row(self, row, **kwargs):
        level = str(row.get("level") or "").strip()
        if level and level not in Level.values:
            raise ValueError(
                _("Unknown level “%(level)s”; use one of %(levels)s.")
                % {"level": level, "levels": ", ".join(Level.values)}
            )
        confidence = str(row.get("confidence") or "").strip()
        if confidence and confidence not in Confidence.values:
            raise ValueError(_("Unknown confidence “%(value)s”.") % {"value": confidence})

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name in (
            "country",
            "framework",
            "cycle",
            "indicator",
            "source_title",
            "source_url",
            "source_date",
        ):
            return  # used to find the finding and its source, not stored on it
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.indicator.kind == AnswerKind.LEVEL and instance.value is not None:
            raise ValueError(
                _("Indicator %(code)s is answered with a level, not a number.")
                % {"code": instance.indicator.code}
            )
        instance.level = instance.level or ""
        instance.confidence = instance.confidence or ""
        instance.carried_forward = False

    def after_save_instance(self, instance, row, **kwargs):
        title = str(row.get("source_title") or "").strip()
        url = str(row.get("source_url") or "").strip()
        if not (title or url):
            return
        date = self.fields["source_date"].clean(row)
        if not instance.sources.filter(title=title, url=url).exists():
            FindingSource.objects.create(finding=instance, title=title, url=url, date=date)

    def dehydrate_country(self, finding):
        return finding.assessment.country.iso2

    def dehydrate_framework(self, finding):
        return finding.assessment.framework.slug

    def dehydrate_cycle(self, finding):
        return finding.assessment.cycle

    def dehydrate_indicator_code(self, finding):
        return finding.indicator.code

    def dehydrate_source_title(self, finding):
        first = finding.sources.first()
        return first.title if first else ""

    def dehydrate_source_url(self, finding):
        first = finding.sources.first()
        return first.url if first else ""

    def dehydrate_source_date(self, finding):
        first = finding.sources.first()
        return first.date if first else None


class FrozenFrameworkMixin:
    """A row that would change a published framework (or its areas and indicators) is a row error:
    the import is refused as a whole, like any other row error."""

    def before_save_instance(self, instance, row, **kwargs):
        framework = instance if isinstance(instance, Framework) else instance.framework
        stored = Framework.objects.filter(pk=framework.pk).values_list("status", flat=True).first()
        if stored == FrameworkStatus.PUBLISHED:
            raise ValueError(
                _("“%(framework)s” is published: its areas and indicators are frozen. Make a new version.")
                % {"framework": framework.title}
            )
        super().before_save_instance(instance, row, **kwargs)


class FrameworkResource(FrozenFrameworkMixin, resources.ModelResource):
    class Meta:
        model = Framework
        import_id_fields = ["slug"]
        exclude = ["id", "status", "published_at"]


class AreaResource(FrozenFrameworkMixin, resources.ModelResource):
    class Meta:
        model = Area


class IndicatorResource(FrozenFrameworkMixin, resources.ModelResource):
    class Meta:
        model = Indicator
