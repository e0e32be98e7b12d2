"""An id beyond 64 bits in a choice of rows is an invalid choice (a form error), never a server
error: SQLite cannot bind such an integer (found by the form fuzzer)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clearinghouse.fields import IdModelChoiceField, IdModelMultipleChoiceField
from clearinghouse.models import Country

pytestmark = pytest.mark.django_db
HUGE = "999999999999999999999999999999"


def test_the_proposal_form_refuses_an_impossible_country_id(client, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("fund:proposal_create"),
        {
            "title": "T",
            "countries": [HUGE],
            "lines-TOTAL_FORMS": "0",
            "lines-INITIAL_FORMS": "0",
            "save": "1",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}"])
def test_the_fields_refuse_ids_no_column_can_hold(value):
    with pytest.raises(ValidationError):
        IdModelChoiceField(queryset=Country.objects.all()).clean(value)
    with pytest.raises(ValidationError):
        IdModelMultipleChoiceField(queryset=Country.objects.all()).clean([value])


def test_the_fields_still_accept_real_ids():
    moldova = Country.objects.get(iso2="MD")
    assert IdModelChoiceField(queryset=Country.objects.all()).clean(str(moldova.pk)) == moldova
    assert list(IdModelMultipleChoiceField(queryset=Country.objects.all()).clean([str(moldova.pk)])) == [
        moldova
    ]
