"""get_FOO_display() read from a table built once per field (clearinghouse.choice_labels): the
labels are Django's, in the language of the request that shows them."""

import pytest
from django.db import models
from django.utils import translation

from roster.choices import CEFR, Function, Language
from roster.models import Candidate, ExpertFunction, ExpertLanguage


def _djangos(obj, name):
    return models.Model._get_FIELD_display(obj, type(obj)._meta.get_field(name))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_labels_are_djangos_in_the_current_language(language):
    with translation.override(language):
        for code in Language.values:
            for level in CEFR.values:
                row = ExpertLanguage(language=code, level=level)
                assert row.get_language_display() == _djangos(row, "language")
                assert row.get_level_display() == _djangos(row, "level")
        for code in Function.values:
            row = ExpertFunction(function=code)
            assert row.get_function_display() == _djangos(row, "function")
        row = Candidate(status="shortlisted")
        assert row.get_status_display() == _djangos(row, "status")


def test_the_labels_follow_the_language_and_a_value_without_a_label_shows_itself():
    with translation.override("ru"):
        russian = ExpertLanguage(language="de", level=4).get_language_display()
    with translation.override("en"):
        english = ExpertLanguage(language="de", level=4).get_language_display()
    assert (english, russian) == ("German", "Немецкий")
    assert ExpertLanguage(language="xx", level=4).get_language_display() == "xx"
