"""Places: the home page, countries and regions (with the map), organisations of the directory.
Public: every view here is open to anyone and shows published content only."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.views.generic import DetailView, ListView, TemplateView

from clearinghouse.models import Country, Organisation, Region, Theme, contact_visibilities
from events.models import Event
from library.models import Document
from monitoring.models import Assessment
from monitoring.queries import country_summary
from programmes.models import Programme, ProjectOutline, PublicationStatus

from ..inventory import ids_of, inventory_country_counts, inventory_rows, outlines_with_id_lists
from ..map import fill_class, map_shapes


class HomeView(TemplateView):
    """Public. What the clearinghouse is, the latest programmes, the way into each pillar."""

    template_name = "portal/home.html"

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
    """Public. The participating States by region, with the office's work in each, and the map."""

    template_name = "portal/country_list.html"
    context_object_name = "countries"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = inventory_country_counts()
        shapes = map_shapes()
        rows = []
        for country in context["countries"]:
            country.activity_count = counts.get(country.pk, 0)
            country.fill_class = fill_class(country.activity_count)
            rows.append((country, shapes["shapes"].get(country.iso2, "")))
        context["map_rows"] = rows
        context["map_width"] = shapes["width"]
        context["map_height"] = shapes["height"]
        return context

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
    """Public. One country: the office's programmes and outlines there, and its organisations.

    Each section is one query, and what two sections share is read once: every country (the page's
    own and the inventory's country lists), the outlines (the section and the inventory rows), the
    organisations with their contacts (the directory section and the inventory's implementers and
    funders). The monitoring section (two queries) replaces the theme-based gap list (one): ten
    queries at most either way, whatever the number of rows."""

    template_name = "portal/country_detail.html"
    context_object_name = "country"

    def get_object(self, queryset=None):
        public = Assessment.objects.public().filter(country=OuterRef("pk"))
        self.countries = list(
            Country.objects.select_related("region").annotate(has_public_assessment=Exists(public))
        )
        iso2 = self.kwargs["iso2"].upper()
        for country in self.countries:
            if country.iso2 == iso2:
                return country
        raise Http404("No country with this code.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        context["programmes"] = (
            Programme.objects.published().filter(Q(countries=country) | Q(regions=country.region)).distinct()
        )
        outlines = list(
            outlines_with_id_lists(
                ProjectOutline.objects.visible().filter(Q(countries=country) | Q(regions=country.region))
            ).distinct()
        )
        context["outlines"] = outlines
        # The theme-based gap list shows only without an assessment: with one, no theme is read.
        context.update(
            country_extras(
                country,
                countries=self.countries,
                outlines=outlines,
                gaps=not country.has_public_assessment,
                contacts_visible_to=self.request.user,
            )
        )
        context["country_events"] = (
            Event.objects.public().for_country(country).select_related("country").order_by("-starts_at")[:10]
        )
        # The monitoring pillar's section (two queries), in place of the gap list.
        context["assessment_summary"] = (
            country_summary(Assessment.objects.public(), country) if country.has_public_assessment else None
        )
        return context


def country_extras(
    country, *, countries=None, outlines=None, gaps: bool = True, contacts_visible_to=None
) -> dict:
    """Ongoing inventory rows, supported projects, library documents, the themes with no known
    effort (when `gaps`; otherwise none, and no theme is read) and the country's organisations
    (read with the inventory's own; with `contacts_visible_to`, a user, each has its
    `visible_contacts`, read in the same query). `countries` (every one) and `outlines` (the
    outlines of the country or its region, from outlines_with_id_lists) spare their queries when
    the caller has read them."""
    themes = list(Theme.objects.select_related("parent")) if gaps else []
    if outlines is not None:
        outlines = [o for o in outlines if country.pk in ids_of(o.countries_ids)]
    lists: dict = {}
    rows = inventory_rows(
        country=country,
        themes=themes,
        countries=countries,
        outlines=outlines,
        lists_out=lists,
        organisations_also=Q(country=country),
        contacts=None
        if contacts_visible_to is None
        else Q(contacts__visibility__in=contact_visibilities(contacts_visible_to)),
    )
    covered = set()
    for row in rows:
        for theme in row.themes:
            covered.add(theme.pk)
            if theme.parent_id:
                covered.add(theme.parent_id)
    extras = {
        "activities": [r for r in rows if r.source == "activity" and r.ongoing],
        "projects": [r for r in rows if r.source == "fund"],
        "gap_themes": [t for t in themes if t.pk not in covered],
        "organisations": [o for o in lists["organisations"] if o.country_id == country.pk],
        "documents": [],
    }
    work = Q(countries=country) | Q(regions=country.region_id)
    about = (
        Q(countries=country)
        | Q(regions=country.region_id)
        | Q(programmes__in=Programme.objects.published().filter(work))
        | Q(outlines__in=ProjectOutline.objects.visible().filter(work))
    )
    ids = Document.objects.published().filter(about).values("pk")
    extras["documents"] = (
        Document.objects.published().filter(pk__in=ids).order_by("-publication_year", "title")[:30]
    )
    return extras


class RegionDetailView(DetailView):
    """Public. A region: its countries and the office's programmes and outlines there."""

    template_name = "portal/region_detail.html"
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

    template_name = "portal/organisation_detail.html"
    context_object_name = "organisation"
    queryset = Organisation.objects.select_related("country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contacts"] = self.object.contacts.visible_to(self.request.user)
        context["activities"] = self.object.implemented_activities.published()
        context["programmes"] = self.object.programmes.published()
        context["outlines"] = self.object.outlines.visible().select_related("programme")
        return context
