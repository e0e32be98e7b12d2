"""Public pages of the programmes pillar: published records only; drafts answer 404."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django_filters.views import FilterView

from .filters import ProgrammeFilter
from .models import Programme, ProjectOutline, PublicationStatus


class ProgrammeListView(FilterView):
    """Public. Published programmes, filtered by theme, region, year and words."""

    filterset_class = ProgrammeFilter
    template_name = "programmes/programme_list.html"
    context_object_name = "programmes"
    paginate_by = 20

    def get_queryset(self):
        return (
            Programme.objects.published()
            .with_lists()
            .annotate(outline_count=Count("outlines", filter=Q(outlines__status=PublicationStatus.PUBLISHED)))
            .order_by("order", "title")  # GROUP BY queries drop Meta.ordering
        )


class ProgrammeDetailView(DetailView):
    """Public. A published programme with every section and its published outlines."""

    template_name = "programmes/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        return Programme.objects.published().with_detail()


class OutlineDetailView(DetailView):
    """Public. A published outline of a published programme."""

    template_name = "programmes/outline_detail.html"
    context_object_name = "outline"

    def get_object(self, queryset=None):
        return get_object_or_404(
            ProjectOutline.objects.visible()
            .select_related("programme")
            .prefetch_related("themes", "regions", "countries", "partners"),
            programme__slug=self.kwargs["programme"],
            slug=self.kwargs["slug"],
        )
