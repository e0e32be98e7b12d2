"""Site-wide pages. Public: every view here is open to anyone and shows published content only."""

from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from programmes.models import Programme, ProjectOutline, PublicationStatus

from .models import Country, Organisation, Region


@never_cache
def health(request):
    """Public. Liveness probe for load balancers: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


class HomeView(TemplateView):
    """Public. What the clearinghouse is, the latest programmes, the way into each pillar."""

    template_name = "clearinghouse/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programmes"] = Programme.objects.published().with_lists()[:6]
        context["counts"] = {
            "programmes": Programme.objects.published().count(),
            "outlines": ProjectOutline.objects.visible().count(),
            "countries": Country.objects.participating().count(),
        }
        return context


class CountryListView(ListView):
    """Public. The participating States by region, with the office's work in each."""

    template_name = "clearinghouse/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        published = Q(programmes__status=PublicationStatus.PUBLISHED)
        return (
            Country.objects.participating()
            .select_related("region")
            .annotate(
                programme_count=Count("programmes", filter=published, distinct=True),
                outline_count=Count(
                    "outlines", filter=Q(outlines__status=PublicationStatus.PUBLISHED), distinct=True
                ),
            )
            .order_by("region__order", "name")
        )


class CountryDetailView(DetailView):
    """Public. One country: the office's programmes and outlines there, and its organisations."""

    template_name = "clearinghouse/country_detail.html"
    context_object_name = "country"

    def get_object(self, queryset=None):
        return get_object_or_404(Country.objects.select_related("region"), iso2=self.kwargs["iso2"].upper())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        context["programmes"] = (
            Programme.objects.published().filter(Q(countries=country) | Q(regions=country.region)).distinct()
        )
        context["outlines"] = (
            ProjectOutline.objects.visible()
            .filter(Q(countries=country) | Q(regions=country.region))
            .select_related("programme")
            .distinct()
        )
        context["organisations"] = country.organisations.all()
        return context


class RegionDetailView(DetailView):
    """Public. A region: its countries and the office's programmes and outlines there."""

    template_name = "clearinghouse/region_detail.html"
    context_object_name = "region"
    queryset = Region.objects.prefetch_related(
        Prefetch("countries", queryset=Country.objects.participating())
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        context["programmes"] = (
            Programme.objects.published().filter(Q(regions=region) | Q(countries__region=region)).distinct()
        )
        context["outlines"] = (
            ProjectOutline.objects.visible()
            .filter(Q(regions=region) | Q(countries__region=region))
            .select_related("programme")
            .distinct()
        )
        return context


class OrganisationDetailView(DetailView):
    """Public. An organisation of the directory and the office's programmes it partners in."""

    template_name = "clearinghouse/organisation_detail.html"
    context_object_name = "organisation"
    queryset = Organisation.objects.select_related("country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programmes"] = self.object.programmes.published()
        context["outlines"] = self.object.outlines.visible().select_related("programme")
        return context
