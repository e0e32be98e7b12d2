"""Media on S3-compatible storage (MEDIA_STORAGE=s3, django-storages), tested offline with moto:
private files land in the bucket with a private ACL, have no address, and are read only through
the portal's access-checked views."""

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws

from fund.models import ProposalAttachment
from roster.models import Expert
from tests.fund.factories import make_proposal, make_round, pdf_bytes
from tests.roster.factories import application_post, apply_url

pytestmark = pytest.mark.django_db
BUCKET = "clearinghouse-media-test"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def s3_options(location: str, signed: bool) -> dict:
    """As clearinghouse/settings.py builds them for MEDIA_STORAGE=s3."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": None,
            "region_name": "us-east-1",
            "default_acl": "private",
            "file_overwrite": False,
            "location": location,
            "querystring_auth": signed,
        },
    }


@pytest.fixture
def bucket(settings, monkeypatch, tmp_path):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",  # moto accepts anything; nothing leaves the machine
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROSTER_PRIVATE_ROOT = tmp_path / "private"
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_options("media", signed=True),
            "private": s3_options("private", signed=False),
        }
        yield client


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def is_private(client, key: str) -> bool:
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return all(grant["Grantee"].get("URI") != ALL_USERS for grant in grants)


def test_a_proposal_attachment_goes_to_the_bucket_and_out_through_the_access_check(
    bucket, client, officer_a, officer_b, reviewer, tmp_path
):
    make_round()
    draft = make_proposal(officer_a)
    content = pdf_bytes()
    client.force_login(officer_a)
    response = client.post(
        reverse("fund:attachment_upload", args=[draft.pk]),
        {"title": "Work plan", "file": SimpleUploadedFile("plan.pdf", content)},
    )
    assert response.status_code == 302
    attachment = ProposalAttachment.objects.get()
    key = f"private/fund/proposals/{draft.pk}/plan.pdf"
    assert keys(bucket) == [key] and attachment.file.name == f"proposals/{draft.pk}/plan.pdf"
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == content
    assert is_private(bucket, key)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # nothing on local disk
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018  (no address, signed or not)

    for user, status in ((officer_a, 200), (reviewer, 200), (officer_b, 404)):
        client.force_login(user)
        response = client.get(attachment.get_absolute_url())
        assert response.status_code == status
        if status == 200:
            assert b"".join(response.streaming_content) == content
            assert response["Content-Disposition"].startswith("attachment;")
    client.logout()
    assert client.get(attachment.get_absolute_url()).status_code == 302  # to the sign-in page

    # A second file of the same name does not overwrite the first; removing one deletes its object.
    client.force_login(officer_a)
    client.post(
        reverse("fund:attachment_upload", args=[draft.pk]),
        {"title": "Work plan, again", "file": SimpleUploadedFile("plan.pdf", pdf_bytes())},
    )
    assert len(keys(bucket)) == 2
    client.post(reverse("fund:attachment_remove", args=[draft.pk, attachment.pk]))
    assert key not in keys(bucket) and len(keys(bucket)) == 1


def test_an_expert_cv_goes_to_the_bucket_and_out_through_the_access_check(
    bucket, client, curator, officer_a, tmp_path
):
    content = pdf_bytes()
    data = application_post()
    data["cv"] = SimpleUploadedFile("my cv.pdf", content, content_type="application/pdf")
    assert client.post(apply_url(data["email"]), data).status_code == 302
    expert = Expert.objects.get()
    [key] = keys(bucket)
    assert key == f"private/roster/{expert.cv.name}" and is_private(bucket, key)
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == content
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    client.force_login(curator)
    response = client.get(reverse("roster:expert_cv", args=[expert.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    client.force_login(officer_a)
    assert client.get(reverse("roster:expert_cv", args=[expert.pk])).status_code == 403


def test_public_media_go_under_media_with_a_private_acl_and_signed_addresses(bucket):
    name = default_storage.save("library/report.pdf", ContentFile(b"%PDF-1.4 public report"))
    assert keys(bucket) == ["media/library/report.pdf"] and is_private(bucket, "media/library/report.pdf")
    assert "Signature=" in default_storage.url(name)  # public media: signed, expiring addresses


def test_settings_switch_to_s3_from_the_environment_only(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import clearinghouse.settings as module

    monkeypatch.setenv("MEDIA_STORAGE", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "portal-media")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    try:
        configured = importlib.reload(module)
        assert configured.STORAGES["default"]["OPTIONS"]["location"] == "media"
        private = configured.STORAGES["private"]["OPTIONS"]
        assert (private["bucket_name"], private["endpoint_url"], private["default_acl"]) == (
            "portal-media",
            "http://127.0.0.1:9000",
            "private",
        )
        assert private["querystring_auth"] is False
        assert not any("secret" in key.lower() for key in private)  # credentials stay in the environment
        monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME")
        with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
            importlib.reload(module)
    finally:
        monkeypatch.undo()
        importlib.reload(module)
    assert "private" not in module.STORAGES  # local disk stays the default
