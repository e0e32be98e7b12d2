"""The N+1 guard (tests/conftest.py, django-zeal) is on in every request a test makes: the portal's code
that loads a relation row by row fails the request, in the test client and in the live server's thread."""

import threading

import pytest
from django.db import connection
from django.http import HttpResponse
from django.urls import path
from zeal import NPlusOneError, zeal_context, zeal_ignore

from clearinghouse.models import Contact
from tests import conftest

from ..factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def contact_names(contacts) -> str:
    """Contact.__str__ names the contact's organisation: the portal's code follows the relation."""
    return ", ".join(str(contact) for contact in contacts)


def row_by_row(request):
    return HttpResponse(contact_names(Contact.objects.all()))


def joined(request):
    return HttpResponse(contact_names(Contact.objects.select_related("organisation")))


urlpatterns = [path("row-by-row/", row_by_row), path("joined/", joined)]


@pytest.fixture
def three_contacts(db):
    for n in range(3):
        Contact.objects.create(organisation=OrganisationFactory(), name=f"Person {n}")


def test_a_view_that_loads_a_relation_row_by_row_fails(client, three_contacts):
    with pytest.raises(NPlusOneError, match=r"clearinghouse\.Contact\.organisation at .*models\.py:\d+"):
        client.get("/row-by-row/")


def test_the_same_rows_with_the_relation_joined_pass(client, three_contacts, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/joined/")
    assert response.content.decode().count("Person") == 3


def test_each_request_is_counted_on_its_own(client, db):
    """One contact per request: two requests of one test are not an N+1 of the view."""
    for n in range(2):
        Contact.objects.all().delete()
        Contact.objects.create(
            organisation=OrganisationFactory(name=f"Organisation of {n}"), name=f"Person {n}"
        )
        assert client.get("/row-by-row/").content.decode() == f"Person {n} (Organisation of {n})"


def test_a_narrow_allowlist_lets_the_view_pass(client, three_contacts):
    with zeal_ignore([{"model": "clearinghouse.Contact", "field": "organisation"}]):
        assert client.get("/row-by-row/").status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed rows; vocabulary kept
def test_the_live_server_thread_fails_the_test_at_its_end(three_contacts):
    """A request in another thread (the browser tests' live server: the middleware's zeal context)
    ends in a 500 the browser may not notice: the guard keeps what it saw and fails the test at its end."""
    caught = []

    def request_in_another_thread():
        with zeal_context():
            try:
                contact_names(Contact.objects.all())
            except NPlusOneError as error:
                caught.append(error)
            finally:
                connection.close()

    thread = threading.Thread(target=request_in_another_thread)
    thread.start()
    thread.join()
    assert len(caught) == 1
    assert conftest._n_plus_one_in_threads == [str(caught[0])]
    conftest._n_plus_one_in_threads.clear()  # seen: this test must not fail for it
