"""clearinghouse.addresses: one reverse() for a list's links gives what reverse() gives for each."""

import pytest
from django.urls import NoReverseMatch, reverse

from clearinghouse.addresses import addresses


@pytest.mark.parametrize(
    ("viewname", "kwarg", "fixed", "values"),
    [
        ("library:document_detail", "slug", {}, ["a-guide", "Guide_2004", "x0marker0x"]),
        ("library:document_cite", "slug", {"style": "ris"}, ["a-guide"]),
        ("fund:proposal_detail", "pk", {}, [1, 42, 987654321]),
        ("country_detail", "iso2", {}, ["md", "a b", "ü ö"]),
    ],
)
def test_each_address_is_the_one_reverse_gives(viewname, kwarg, fixed, values):
    address = addresses(viewname, kwarg, **fixed)
    for value in values:
        assert address(value) == reverse(viewname, kwargs={kwarg: value, **fixed})


def test_a_value_the_converter_refuses_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        addresses("library:document_detail", "slug")("not a slug")
