"""The choice list (clearinghouse.widgets.ChoiceList): grouped checkboxes that work without JavaScript,
used for countries and themes in the fund's proposal form and the roster's expert request form."""

import pytest
from django.urls import reverse

from clearinghouse.models import Country, Region, Theme
from fund.models import Proposal
from roster.choices import CEFR
from tests.html import select, text, texts

pytestmark = pytest.mark.django_db


def proposal_data(**fields) -> dict:
    return {
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        **fields,
    }


def checked(response, name: str) -> set[str]:
    return {
        box.get("value") for box in select(response, f'main input[type=checkbox][name="{name}"][checked]')
    }


def test_proposal_countries_are_checkboxes_grouped_by_region(client, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("fund:proposal_create"))
    assert not select(response, "main select[multiple]"), "no 'hold Ctrl' list box is left"
    [countries] = select(response, "main #id_countries")
    assert countries.get("data-choice-list") is not None
    boxes = select(countries, "input[type=checkbox][name=countries]")
    assert len(boxes) == Country.objects.participating().count()
    legends = texts(countries, "fieldset.choice-list-group > legend")
    regions = Region.objects.filter(countries__osce_participating=True).distinct()
    assert legends == [str(region) for region in regions.order_by("order", "name")]
    moldova = Country.objects.get(iso2="MD")
    [group] = [
        fieldset
        for fieldset in select(countries, "fieldset.choice-list-group")
        if text(fieldset.cssselect("legend")[0]) == str(moldova.region)
    ]
    assert "Moldova" in texts(group, "label")
    # Each checkbox is named by its own label; the whole list by the field's legend.
    [label] = [label for label in select(countries, "label") if text(label) == "Moldova"]
    assert label.get("for") == label.cssselect("input")[0].get("id")
    assert "Countries" in texts(response, "main fieldset > legend")
    # The filter box is there for the script to show; without JavaScript it stays hidden.
    [filter_box] = select(countries, ".choice-list-filter")
    assert filter_box.get("hidden") is not None
    assert select(filter_box, "input#id_countries_filter")
    assert select(response, 'script[src$="js/choice-list.js"][defer]')


def test_proposal_form_posts_checked_countries_and_keeps_them_on_error(client, officer_a):
    client.force_login(officer_a)
    chosen = {str(Country.objects.get(iso2=iso2).pk) for iso2 in ("MD", "AM")}
    theme = str(Theme.objects.first().pk)
    data = proposal_data(
        title="Hotline",
        countries=sorted(chosen),
        themes=[theme],
        start_date="2027-06-30",
        end_date="2027-01-01",  # before the start: the form answers with an error
        save="1",
    )
    response = client.post(reverse("fund:proposal_create"), data)
    assert response.status_code == 200
    assert "The end date is before the start date." in text(select(response, "main")[0])
    assert checked(response, "countries") == chosen
    assert checked(response, "themes") == {theme}
    assert not Proposal.objects.exists()

    data["end_date"] = "2027-12-31"
    response = client.post(reverse("fund:proposal_create"), data)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert {str(pk) for pk in proposal.countries.values_list("pk", flat=True)} == chosen
    # The saved choices come back checked on the edit page.
    response = client.get(reverse("fund:proposal_edit", args=[proposal.pk]))
    assert checked(response, "countries") == chosen


def test_proposal_form_renders_the_choice_lists_in_constant_queries(
    client, officer_a, django_assert_max_num_queries
):
    client.force_login(officer_a)
    client.get(reverse("fund:proposal_create"))  # warms the session and caches
    with django_assert_max_num_queries(25):
        response = client.get(reverse("fund:proposal_create"))
    assert len(select(response, "main input[name=countries]")) == Country.objects.participating().count()


def test_expert_request_themes_are_grouped_and_kept_on_error(client, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("roster:request_new"))
    [required] = select(response, "main #id_required_themes")
    top = Theme.objects.top_level().order_by("order", "name")
    assert texts(required, "fieldset.choice-list-group > legend")[: top.count()] == [str(t) for t in top]
    child = Theme.objects.filter(parent__isnull=False).select_related("parent").first()
    [group] = [
        fieldset
        for fieldset in select(required, "fieldset.choice-list-group")
        if text(fieldset.cssselect("legend")[0]) == str(child.parent)
    ]
    assert str(child) in texts(group, "label")

    chosen = {str(child.pk), str(top.first().pk)}
    response = client.post(
        reverse("roster:request_new"),
        {
            "title": "Trainer",
            "terms_of_reference": "Train judges.",
            "required_themes": sorted(chosen),
            "starts_on": "2027-03-17",
            "ends_on": "2027-03-03",  # before the start
            "lang-TOTAL_FORMS": "1",
            "lang-INITIAL_FORMS": "0",
            "lang-0-language": "ru",
            "lang-0-min_level": str(CEFR.B2),
        },
    )
    assert response.status_code == 200
    assert "The end cannot be before the start." in text(select(response, "main")[0])
    assert checked(response, "required_themes") == chosen
    assert checked(response, "desirable_themes") == set()
