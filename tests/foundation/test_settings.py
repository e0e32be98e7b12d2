"""Settings come from the environment with safe development defaults; production is checked."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = (
    "import json, django; from django.conf import settings as s; django.setup(); "
    "db = s.DATABASES['default']; print(json.dumps({'debug': s.DEBUG, 'engine': db['ENGINE'], "
    "'name': str(db['NAME']), 'health': db.get('CONN_HEALTH_CHECKS'), 'hosts': s.ALLOWED_HOSTS, "
    "'csrf': s.CSRF_TRUSTED_ORIGINS, 'tz': s.TIME_ZONE, 'langs': [c for c, _ in s.LANGUAGES], "
    "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), 'secure_cookie': s.SESSION_COOKIE_SECURE, "
    "'static': s.STORAGES['staticfiles']['BACKEND'], 'media': str(s.MEDIA_ROOT), "
    "'mailer': s.MAILERS['default']['BACKEND']}))"
)


def run_python(env: dict[str, str], code: str = PROBE, *args: str) -> subprocess.CompletedProcess:
    unset = {
        "DATABASE_URL",
        "DEBUG",
        "SECRET_KEY",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }  # the last: set by browser tests
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-c", code, *args] if code else [sys.executable, *args],
        env={**base, "DJANGO_SETTINGS_MODULE": "clearinghouse.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def probe(env: dict[str, str]) -> dict:
    result = run_python(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_development_defaults():
    values = probe({})
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")
    assert values["tz"] == "UTC"
    assert values["langs"] == ["en", "ru"]
    assert values["mailer"] == "django.core.mail.backends.console.EmailBackend"


def test_production_settings_from_environment():
    values = probe(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "clearinghouse.example.org,www.example.org",
            "CSRF_TRUSTED_ORIGINS": "https://clearinghouse.example.org",
            "DATABASE_URL": "postgres://user:pw@db.example.org:5432/clearinghouse",
            "MEDIA_ROOT": "/srv/media",
        }
    )
    assert values["debug"] is False
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "clearinghouse"
    assert values["health"] is True
    assert values["hosts"] == ["clearinghouse.example.org", "www.example.org"]
    assert values["csrf"] == ["https://clearinghouse.example.org"]
    assert values["hsts"] >= 31536000
    assert values["secure_cookie"] is True
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["media"] == "/srv/media"
    assert values["mailer"] == "django.core.mail.backends.smtp.EmailBackend"


def test_secret_key_is_required_without_debug():
    result = run_python({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 60 + "-Production-Secret-9",
    "ALLOWED_HOSTS": "example.org",
    "SITE_URL": "https://example.org",
}


def test_check_deploy_is_clean_in_production():
    """As the README's production section says: behind a named proxy, with a shared cache."""
    env = {**PRODUCTION, "TRUSTED_PROXIES": "127.0.0.1", "REDIS_URL": "redis://127.0.0.1:6379/0"}
    result = run_python(env, "", "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_the_proxy_or_a_shared_cache():
    env = {
        **PRODUCTION,
        "TRUSTED_PROXIES": "",
        "TRUSTED_PROXY_HOPS": "0",
        "REDIS_URL": "",
        "GUNICORN_WORKERS": "3",
    }
    result = run_python(env, "", "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "clearinghouse.W001" in result.stderr + result.stdout
    assert "clearinghouse.W002" in result.stderr + result.stdout


@pytest.mark.django_db
def test_security_headers_on_a_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"REDIS_URL": "redis://127.0.0.1:6379/0", "GUNICORN_WORKERS": "3"}, "60 300"),
        ({"REDIS_URL": "", "GUNICORN_WORKERS": "1"}, "60 300"),
        ({"REDIS_URL": "", "GUNICORN_WORKERS": "3"}, "0 0"),
    ],
)
def test_kept_public_content_is_on_by_default_only_where_every_worker_shares_it(extra, expected):
    """Whole pages and the library's rendered results: a per-worker copy would keep showing a
    withdrawn document in the other workers, so without a shared cache (or with several workers)
    both are off unless asked for."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.PAGE_CACHE_SECONDS, s.LIBRARY_RESULTS_CACHE_SECONDS)"
    )
    result = run_python({**PRODUCTION, **extra}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == expected
