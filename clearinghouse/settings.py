"""Settings for the Anti-Trafficking Clearinghouse.

Everything is read from environment variables with safe development defaults, so the same module
serves a laptop (SQLite, DEBUG on) and production (PostgreSQL, DEBUG off, secrets from the
environment). Nothing here exists only in production.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a fixed, clearly unsafe key so sessions survive restarts.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "clearinghouse",
    "programmes",
    "fund",
    "roster",
    "library",
    "events",
    "monitoring",
    "portal",
    "api",
    "clearinghouse.admin_site.ClearinghouseAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "corsheaders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "clearinghouse.two_factor.TwoFactorMiddleware",
    "clearinghouse.middleware.NullCharacterMiddleware",
    "clearinghouse.middleware.RateLimitMiddleware",
    "clearinghouse.middleware.DenialLogMiddleware",
    "clearinghouse.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clearinghouse.urls"
WSGI_APPLICATION = "clearinghouse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
# DATABASE_URL names the database (postgres://user:pass@host:5432/name); SQLite file when unset.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (server, background tasks, management commands) share the file.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that cannot be reached fails the request (503 page) instead of holding it.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    # The portal's queries are short: compiling them with JIT costs more (hundreds of ms on the
    # roster ranking) than it saves.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "clearinghouse.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sessions end after two hours without activity. Stored in the database (clearinghouse.sessions:
# Django's store, with an unreachable database answered 503 rather than 400).
SESSION_ENGINE = "clearinghouse.sessions"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(2 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True

# django-axes: lock an account and address pair after repeated failures, for one hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Two-factor authentication (TOTP, with recovery codes): required for staff, offered to everyone;
# whoever has a device must give a code before any page (clearinghouse/two_factor.py).
STAFF_TWO_FACTOR_REQUIRED = env_bool("STAFF_TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Anti-Trafficking Clearinghouse"

# The client's address (clearinghouse/security.py: client_address): REMOTE_ADDR, or, for requests
# from TRUSTED_PROXIES (comma-separated addresses or networks, e.g. "10.0.0.0/8,127.0.0.1"), the
# last X-Forwarded-For address that is not a trusted proxy; TRUSTED_PROXY_HOPS=n instead takes the
# n-th address from the right of X-Forwarded-For (every request passes n proxies).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))
AXES_CLIENT_IP_CALLABLE = "clearinghouse.security.client_address"
RATELIMIT_IP_META_KEY = "clearinghouse.security.client_address"
# gunicorn's number of worker processes (gunicorn.conf.py reads the same variable and default).
WEB_WORKERS = int(os.environ.get("GUNICORN_WORKERS") or (os.cpu_count() or 1) * 2 + 1)

# Rate limits per client address: URL name -> (rate, method). Counted in the cache.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_USE_CACHE = "default"
RATE_LIMITS = {
    "login": ("20/m", "POST"),
    "password_reset": ("5/h", "POST"),
    "two_factor_verify": ("20/m", "POST"),
    "two_factor_setup": ("20/h", "POST"),
    "roster:apply": ("10/h", "POST"),
    "roster:apply_confirm": ("10/h", "POST"),
    "search": ("60/m", "GET"),
    "library:document_list": ("120/m", "GET"),
}

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static and media files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Private uploads (proposal attachments, CVs): outside MEDIA_ROOT, one folder per pillar
# (FUND_PRIVATE_ROOT and ROSTER_PRIVATE_ROOT move one elsewhere). No URL serves MEDIA_ROOT or this
# folder: every uploaded file is sent by a view that checks access (clearinghouse/storage.py).
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "private"))
# How those views send a file: "off" (streamed by the portal), "nginx" (X-Accel-Redirect to
# FILE_SERVE_ACCEL_PREFIX + media|fund|roster + name, an `internal` location of the proxy) or "apache"
# (X-Sendfile with the file's path).
FILE_SERVE_ACCEL = os.environ.get("FILE_SERVE_ACCEL", "off").strip().lower()
if FILE_SERVE_ACCEL not in {"off", "nginx", "apache"}:
    raise ImproperlyConfigured("FILE_SERVE_ACCEL is 'off' (the default), 'nginx' or 'apache'.")
FILE_SERVE_ACCEL_PREFIX = os.environ.get("FILE_SERVE_ACCEL_PREFIX", "/_files/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# MEDIA_STORAGE=s3: uploads go to an S3-compatible bucket (django-storages) instead of MEDIA_ROOT.
# Public media under "media/", private files (attachments, reports, CVs) under "private/": private
# ACL, no signed URLs, read only through the portal's access-checked views (clearinghouse/storage.py).
# Credentials come from the environment only (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), as boto3
# reads them; nothing secret is written here.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local").strip().lower()
if MEDIA_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _S3 = {
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "default_acl": "private",
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_S3, "location": "media", "querystring_auth": True},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_S3, "location": "private", "querystring_auth": False},
    }
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured("MEDIA_STORAGE is 'local' (the default) or 's3'.")
# Upload size ceiling for any single request; each file field has its own, smaller, cap.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_SIZE", str(20 * 1024 * 1024)))

# --- E-mail -----------------------------------------------------------------------------------
# MAILERS (Django 6.1): the console in development, SMTP from the environment in production.
if env_bool("EMAIL_SMTP", not DEBUG):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "clearinghouse@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Cache ------------------------------------------------------------------------------------
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),  # several sites on one Redis
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Whole public pages for anonymous visitors, kept this many seconds (0: off); see page_cache.py. On
# by default in production only where every worker sees the same copies: a shared cache (REDIS_URL)
# or a single worker (a per-worker cache would keep a changed page up to this long in the others).
SHARED_CACHE = bool(os.environ.get("REDIS_URL")) or WEB_WORKERS == 1
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG or not SHARED_CACHE else "60"))
# Facet counts of the library catalogue per query and language (0: off); see library/catalogue.py.
LIBRARY_FACET_CACHE_SECONDS = int(os.environ.get("LIBRARY_FACET_CACHE_SECONDS", "0" if DEBUG else "300"))
# The library catalogue's rendered content (results, facets, pagination) per query string and language,
# for everyone, signed-in users too (0: off); see library/views.py. Same generations as the page cache,
# and on by default in production under the same condition (a per-worker copy would keep listing a
# withdrawn document in the other workers for up to this long).
LIBRARY_RESULTS_CACHE_SECONDS = int(
    os.environ.get("LIBRARY_RESULTS_CACHE_SECONDS", "0" if DEBUG or not SHARED_CACHE else "300")
)
# Totals and charts of the fund's project list per filter and language (0: off); see fund/views/public.py.
FUND_CHART_CACHE_SECONDS = int(os.environ.get("FUND_CHART_CACHE_SECONDS", "0" if DEBUG else "300"))
# The rendered rows of the fund users' proposal list, kept under a digest of the values they show (0:
# off); see fund/views/listing.py. Safe per worker: the rows are read afresh on every request.
FUND_LIST_ROWS_CACHE_SECONDS = int(os.environ.get("FUND_LIST_ROWS_CACHE_SECONDS", "0" if DEBUG else "300"))

# --- Security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "utc": {
            "()": "clearinghouse.logs.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "utc"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "clearinghouse.security": {"level": "INFO"},
    },
}

# --- Site -------------------------------------------------------------------------------------
SITE_NAME = os.environ.get("SITE_NAME", "Anti-Trafficking Clearinghouse")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# --- fund ---
# Urgent requests are decided within this many working days (Monday to Friday) after submission.
FUND_URGENT_DECISION_WORKING_DAYS = int(os.environ.get("FUND_URGENT_DECISION_WORKING_DAYS", "5"))
# Reports: the 'due' reminder leaves this many days before the due date.
FUND_REPORT_REMINDER_DAYS = int(os.environ.get("FUND_REPORT_REMINDER_DAYS", "14"))
# Private attachments and reports (never under MEDIA_URL); default PRIVATE_ROOT/fund.
FUND_PRIVATE_ROOT = os.environ.get("FUND_PRIVATE_ROOT") or None
# IATI identifiers of the reporting organisation (ODIHR) for /fund/iati.xml.
FUND_IATI_REPORTING_ORG_REF = os.environ.get("FUND_IATI_REPORTING_ORG_REF", "XM-OSCE-ODIHR")
FUND_IATI_REPORTING_ORG_NAME = os.environ.get(
    "FUND_IATI_REPORTING_ORG_NAME", "OSCE Office for Democratic Institutions and Human Rights"
)

# --- roster ---
# Expert CVs live in PRIVATE_ROOT/roster by default, beside the fund's private files (one folder, or
# one bucket, to share between app servers and to back up); never served by a URL: views check
# access and send them as attachments. ROSTER_PRIVATE_ROOT puts them elsewhere.
ROSTER_PRIVATE_ROOT = os.environ.get("ROSTER_PRIVATE_ROOT") or None
# Days the e-mailed link to continue an application to the roster stays valid.
ROSTER_APPLY_LINK_DAYS = int(os.environ.get("ROSTER_APPLY_LINK_DAYS", "3"))

# --- library ---
# Background text extraction of library files: Django's tasks framework with the database backend
# (django-tasks-db). Run the worker beside the web server: `python manage.py db_worker`.
INSTALLED_APPS += ["django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# OAI-PMH: the repository identifier in oai: identifiers, records per response, and the admin e-mail.
LIBRARY_OAI_REPOSITORY_ID = os.environ.get("LIBRARY_OAI_REPOSITORY_ID", "clearinghouse.osce.org")
LIBRARY_OAI_PAGE_SIZE = int(os.environ.get("LIBRARY_OAI_PAGE_SIZE", "100"))
# Identify's adminEmail must look like user@host.domain (the protocol schema's pattern): by default
# DEFAULT_FROM_EMAIL when it does, else an address at the repository identifier's domain.
LIBRARY_OAI_ADMIN_EMAIL = os.environ.get("LIBRARY_OAI_ADMIN_EMAIL") or (
    DEFAULT_FROM_EMAIL
    if re.fullmatch(r"\S+@(\S+\.)+\S+", DEFAULT_FROM_EMAIL)
    else f"clearinghouse@{LIBRARY_OAI_REPOSITORY_ID}"
)
# The search address of the catalogue is limited like the catalogue itself.
RATE_LIMITS["library:search"] = RATE_LIMITS["library:document_list"]
# Events: participants' personal data is erased this many days after their event ended
# (`manage.py events_retention`, daily); counts, attendance and ratings stay.
EVENTS_RETENTION_DAYS = int(os.environ.get("EVENTS_RETENTION_DAYS", "365"))
# Accepted participants are reminded this many days before their event (`manage.py events_reminders`).
EVENTS_REMINDER_DAYS = int(os.environ.get("EVENTS_REMINDER_DAYS", "7"))
# The domain part of the events' iCalendar UIDs: never change it once calendars have subscribed.
EVENTS_ICS_DOMAIN = os.environ.get("EVENTS_ICS_DOMAIN", "clearinghouse.osce.org")

# --- api ---
# The public JSON API under /api/v1/ (api/): requests per client address (client_address) and
# period, counted in the default cache; over the limit, 429 with Retry-After. RATELIMIT_ENABLE=off
# turns it off with the other limits.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/m")
# Items per page: the default and the most a client may ask for with ?limit=.
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "20"))
API_MAX_PAGE_SIZE = int(os.environ.get("API_MAX_PAGE_SIZE", "100"))
# CORS (django-cors-headers): any origin may read the API with GET; nothing else of the site.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Language"]
