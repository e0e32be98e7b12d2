"""Audit: every curated model keeps a history of who changed what and when, rows changed by bulk
imports included; experts' profiles keep theirs in the admin log, without the personal values."""

import io
from decimal import Decimal

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.admin.sites import site as admin_site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from import_export.admin import ImportMixin
from simple_history.models import registered_models

from clearinghouse.errors import ServiceError
from clearinghouse.models import ImportJob, User, WorkflowEvent
from events.models import EventLog, Feedback, Registration, RegistrationLog
from fund.choices import EvaluationRating
from fund.models import Evaluation as FundEvaluation
from fund.models import Proposal
from library.models import DeletedRecord
from portal.models import SavedSearch
from roster.models import Expert, ProfileView
from roster.services import ProfileData, expert_transition, expert_update, vetting_record
from tests.admin_imports import admin_import

pytestmark = pytest.mark.django_db

PILLARS = {"clearinghouse", "programmes", "fund", "roster", "library", "events", "portal"}

# Registered in the admin but not curated content, each with the reason.
NOT_CURATED = {
    User: "accounts: Django's admin log records who changed an account; password hashes are never copied",
    SavedSearch: "a visitor's own saved search, changed only by its owner",
    ProfileView: "it is itself the log of who looked at an expert's profile",
    WorkflowEvent: "it is itself the log of workflow steps, written by the services only",
    EventLog: "it is itself the log of an event's status changes, written by the workflow only",
    Registration: "personal data: erasure and retention must leave no copy; its trail is RegistrationLog",
    RegistrationLog: "it is itself the log of a registration's status changes (no personal data)",
    Feedback: "a participant's own answer, written once by them, never edited",
    ImportJob: "a curator's own import, written by the import and its worker only (the imported rows keep their history)",
    DeletedRecord: "a read-only tombstone written by a document's deletion (the document's history keeps the rest)",
}
# Personal data: the admin log (who, when, which fields) instead of copies of the values.
ADMIN_LOGGED = {Expert}


def admin_models():
    return [model for model in admin_site._registry if model._meta.app_label in PILLARS]


def test_every_curated_model_keeps_its_history():
    missing = [
        model._meta.label
        for model in admin_models()
        if model not in NOT_CURATED
        and model not in ADMIN_LOGGED
        and registered_models.get(model._meta.db_table) is not model
    ]
    assert not missing, f"curated models without change history: {missing}"


def test_the_history_of_a_change_says_who_when_and_what(client, curator, seeded):
    from programmes.models import Programme

    programme = Programme.objects.get(slug="odihr-anti-trafficking-project-fund")
    client.force_login(curator)
    response = client.get(f"/admin/programmes/programme/{programme.pk}/history/")
    assert response.status_code == 200
    record = programme.history.first()
    assert record.history_date.tzinfo is not None  # an aware time, stored in UTC


def load_demo():
    from clearinghouse import demo as site_demo
    from events import demo as events_demo
    from fund import demo as fund_demo
    from library import demo as library_demo
    from programmes import demo as programme_demo
    from roster import demo as roster_demo

    for module in (site_demo, programme_demo, library_demo, fund_demo, roster_demo, events_demo):
        module.load(io.StringIO())


MARK = "audited"


def edit(model, resource, row: dict) -> tuple[str, object] | None:
    """(column, new value): a text column takes a suffix, else a number goes up by one; never a key,
    the columns that identify the row, a unique column, a choice or a relation, so that the edited
    row still imports as a change of the same row."""
    numeric = None
    for name, value in row.items():
        if name in resource._meta.import_id_fields:
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: S112 - computed export columns have no model field
            continue
        if field.primary_key or field.is_relation or field.choices or field.unique:
            continue
        if isinstance(field, models.CharField | models.TextField):
            if field.max_length and len(str(value or "")) + len(MARK) + 1 > field.max_length:
                continue
            return name, f"{value} {MARK}".strip()
        if numeric is None and isinstance(field, models.DecimalField | models.IntegerField) and value != "":
            numeric = (name, Decimal(str(value)) + 1)
    return numeric


def changed(instance, column: str, value) -> bool:
    current = getattr(instance, column)
    return str(current) == str(value) or (not isinstance(value, str) and Decimal(str(current)) == value)


def import_edited_row(client, model, admin) -> tuple[object, str]:
    """Exports the model's first row through the admin's resource, appends MARK to a text column and
    imports it again through the admin's upload, check and confirmation, as a curator would."""
    resource = admin.get_import_resource_classes(None)[0]()
    instance = model._default_manager.order_by("pk").first()
    assert instance is not None, f"no demo row of {model._meta.label} to import"
    dataset = resource.export(queryset=model._default_manager.filter(pk=instance.pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    edited = edit(model, resource, row)
    assert edited, f"{model._meta.label}: no column to edit in {dataset.headers}"
    column, value = edited
    dataset[0] = tuple(value if h == column else v for h, v in row.items())
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}"
    upload = SimpleUploadedFile("rows.csv", dataset.csv.encode(), content_type="text/csv")
    _response, job = admin_import(client, base, upload)
    assert job is not None and job.status == "done", (
        f"{model._meta.label}: the import failed: {job.errors if job else 'upload refused'}"
    )
    instance.refresh_from_db()
    assert changed(instance, column, value), f"{model._meta.label}.{column} was not imported"
    return instance, column, value


def test_rows_changed_by_an_import_keep_their_history(
    client, superuser, seeded, media_root, settings, tmp_path
):
    settings.ROSTER_PRIVATE_ROOT = tmp_path / "private"
    load_demo()
    funded = Proposal.objects.filter(status="completed").first() or Proposal.objects.first()
    FundEvaluation.objects.get_or_create(
        proposal=funded, defaults={"rating": EvaluationRating.values[0], "findings": "Met its objectives."}
    )
    client.force_login(superuser)
    importable = [(m, a) for m, a in admin_site._registry.items() if isinstance(a, ImportMixin)]
    assert len(importable) >= 10
    failures = []
    for model, admin in importable:
        if model._meta.app_label not in PILLARS:
            continue
        try:
            instance, column, value = import_edited_row(client, model, admin)
        except AssertionError as problem:
            failures.append(str(problem))
            continue
        if model in ADMIN_LOGGED:
            entry = LogEntry.objects.filter(
                object_id=str(instance.pk), content_type__model=model._meta.model_name
            )
            if not entry.filter(user=superuser, action_flag=CHANGE).exists():
                failures.append(f"{model._meta.label}: the import left no admin-log entry")
            continue
        record = instance.history.order_by("-history_date", "-history_id").first()
        if record is None or record.history_user != superuser or not changed(record, column, value):
            failures.append(f"{model._meta.label}: the imported change has no history record by its importer")
    assert not failures, "\n".join(failures)


def test_expert_profile_changes_are_logged_without_personal_values(curator, expert_user, settings, tmp_path):
    from tests.roster.factories import make_expert

    settings.ROSTER_PRIVATE_ROOT = tmp_path / "private"
    expert = make_expert("Nino Privatadze", user=expert_user, phone="+995 555 0199", status="applied")
    expert_update(
        expert=expert,
        user=expert_user,
        data=ProfileData(fields={"phone": "+995 555 0200", "bio": "Trainer of judges"}),
    )
    vetting_record(expert=expert, user=curator, kind="interview", completed_on="2026-11-30")
    with pytest.raises(ServiceError):  # the checklist is incomplete: refused, and not logged
        expert_transition(expert=expert, user=curator, action="activate")
    entries = LogEntry.objects.filter(object_id=str(expert.pk), content_type__model="expert").order_by("pk")
    assert [(e.user, e.action_flag) for e in entries] == [(expert_user, CHANGE), (curator, CHANGE)]
    edit, vetting = entries
    assert "phone" in edit.get_change_message().lower() and "biography" in edit.get_change_message().lower()
    everything = " ".join(f"{e.change_message} {e.object_repr}" for e in entries)
    for secret in ("+995 555 0200", "+995 555 0199", "Trainer of judges"):
        assert secret not in everything
    assert "Interview" in vetting.get_change_message()
    assert ADDITION not in entries.values_list("action_flag", flat=True)
