"""Every form the portal shows gets arbitrary text, numbers and dates: no answer is a server error.

The forms are found by reading the pages of the permission matrix as each role sees them, so a new
form is fuzzed as soon as its page has a matrix entry.
"""

from html.parser import HTMLParser

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from .matrix import MATRIX

pytestmark = pytest.mark.django_db

FUZZ_ROLES = ("anonymous", "officer_a", "expert", "reviewer", "curator")
SKIP_ACTIONS = ("/logout/", "/i18n/setlang/")


class FormParser(HTMLParser):
    """Collects each form's action, method and fields: name -> (kind, options)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            method = a.get("method", "get").lower()
            self.current = {"action": a.get("action") or "", "method": method, "fields": {}}
            self.forms.append(self.current)
        elif self.current is not None and tag in ("input", "textarea", "select") and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            if kind in ("submit", "button", "image", "reset"):
                return
            self.current["fields"][a["name"]] = {"kind": kind, "value": a.get("value", ""), "options": []}
            if tag == "select":
                self.select = a["name"]
        elif tag == "option" and self.current is not None and self.select:
            self.current["fields"][self.select]["options"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def any_text():
    return st.text(st.characters(codec="utf-8"), max_size=200)


def value_for(field: dict):
    kind = field["kind"]
    if kind == "hidden":
        return st.sampled_from([field["value"], field["value"], ""]) if field["value"] else any_text()
    if kind in ("number", "range"):
        return st.one_of(
            st.integers(-(10**15), 10**15).map(str), st.floats(allow_nan=True).map(str), any_text()
        )
    if kind in ("date", "datetime-local"):
        return st.one_of(st.dates().map(str), any_text())
    if kind == "email":
        return st.one_of(st.emails(), any_text())
    if kind == "select":
        return st.one_of(st.sampled_from(field["options"] or [""]), any_text())
    if kind in ("checkbox", "radio"):
        return st.sampled_from([field["value"] or "on", ""])
    if kind == "file":
        return st.just("")
    return any_text()


def discover(client, users, world) -> list[tuple[str, str, dict]]:
    found = []
    for role in FUZZ_ROLES:
        user = users[role]
        for rule in MATRIX.values():
            if rule.method != "get" or rule.expect.get(role) != 200:
                continue
            client.logout()
            if user is not None:
                client.force_login(user)
            url = rule.url(world)
            response = client.get(url)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue
            parser = FormParser()
            parser.feed(response.content.decode())
            for form in parser.forms:
                action = form["action"] or url
                if any(skip in action for skip in SKIP_ACTIONS) or action.startswith("http"):
                    continue
                found.append((role, form["method"], action, form["fields"]))
    return found


@pytest.fixture
def forms(client, users, world):
    return users, discover(client, users, world)


def test_the_fuzzer_finds_forms(forms):
    _users, found = forms
    actions = {(method, action) for _role, method, action, _fields in found}
    assert ("post", "/accounts/login/") in actions
    assert ("get", "/programmes/") in actions


def test_no_form_answers_with_a_server_error(client, forms):
    users, found = forms
    assert found
    for role, method, action, fields in found:
        fuzz_form(client, users[role], role, method, action, fields)


def fuzz_form(client, user, role, method, action, fields) -> None:
    """Ten examples for one form. Each form has its own search (and its own entropy budget): drawn in
    one search, the fields of every form together outgrow what Hypothesis lets one example consume,
    and the health check fails before any form is tried. Each example runs in a savepoint rolled back
    at its end: every example starts from the same database, and nothing one example wrote reaches
    the next (the client and the matrix's world are built once, hence no function-scoped fixture)."""
    strategy = st.fixed_dictionaries({name: value_for(field) for name, field in fields.items()})

    @settings(max_examples=10, deadline=None, derandomize=True, database=None)
    @given(payload=strategy)
    def check(payload):
        with transaction.atomic():
            client.logout()
            if user is not None:
                client.force_login(user)
            response = getattr(client, method if method in ("get", "post") else "get")(action, payload)
            assert response.status_code < 500, (
                f"{role} {method.upper()} {action} -> {response.status_code} with {payload!r}"
            )
            transaction.set_rollback(True)

    check()


def test_each_example_starts_from_the_same_database(client, forms):
    """What the fuzzer relies on: a savepoint rolled back leaves no row behind."""
    from programmes.models import Programme

    before = Programme.objects.count()
    with transaction.atomic():
        Programme.objects.create(title="Written by one example", slug="written-by-one-example", summary="x")
        transaction.set_rollback(True)
    assert Programme.objects.count() == before
