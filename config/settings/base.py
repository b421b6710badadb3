"""Settings shared by every environment. Values that differ between machines come from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

# Lets generic classes such as ModelAdmin[Person] be subscripted at run time, as the type stubs allow.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LIKA_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "csp",
    "lika.core",
    "lika.audit",
    "lika.accounts",
    "lika.people",
    "lika.allowance",
    "lika.documents",
    "lika.followup",
    "lika.newcomer_info",
    "lika.applicant_portal",
    "lika.treatment_survey",
    "lika.integrations",
    "lika.partners",
    "lika.competence",
    "lika.plan",
    "lika.demo",
    "lika.accounts.apps.LikaAdminConfig",
    # Om Sverige's pages: Wagtail for editing, wagtail-localize for translating them (in the browser
    # or by PO file). wagtail_localize.locales replaces wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_countries",
    "axes",
    # TOTP for the break-glass administrator, the one account that may log in with a password in production.
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Background jobs (lika/core/jobs.py): Django's task interface, with tasks kept in the database.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so that every log line of a request carries its id and the latency metric times all of it.
    "lika.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a cached Om Sverige page costs no session, locale or database work.
    "lika.newcomer_info.caching.OmSverigePageCache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "lika.core.middleware.PersonalNoStoreMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy on every page (django-csp): Lika's pages load only their own scripts, styles,
# fonts and images (charts are inline SVG with style attributes; QR codes may be data: images). Wagtail's
# editor (/cms/) and Django's admin run their own inline scripts and are left to their own defences.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/cms/", "/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # No form-action: Min Sida's e-ID login posts here and is sent on to the identity provider.
        "frame-ancestors": ["'none'"],
    },
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lika.core.context_processors.languages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'lika.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Min Sida's few statements run on every request are prepared once per connection (lika/core/rows.py
    # statement_cursor, decision 0030); every other query is bound on the client, as Django has it. Behind
    # a transaction-mode pooler that cannot keep prepared statements (PgBouncer before 1.22, or without
    # max_prepared_statements) set DATABASE_PREPARED_STATEMENTS=0.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        None if os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") == "0" else 5
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves the demo and small installations: write-ahead logging lets pages
    # read while a job writes, IMMEDIATE transactions take the write lock at BEGIN (so two writers
    # queue instead of failing half-way), and a writer waits up to 20 s for the lock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Om Sverige's public pages and where each short path leads are cached (lika/newcomer_info/caching.py).
# By default each process keeps its own copy, so the demo needs nothing but Python; a deployment
# with several processes shares one cache, so that a published change reaches all of them at once:
# LIKA_CACHE_BACKEND=django.core.cache.backends.redis.RedisCache with LIKA_CACHE_LOCATION=redis://...,
# or ...db.DatabaseCache with a table name (docs/operations.md, "Caching").
_cache_backend = os.environ.get("LIKA_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache")
CACHES = {
    "default": {
        "BACKEND": _cache_backend,
        "LOCATION": os.environ.get("LIKA_CACHE_LOCATION", "lika"),
        # Room for every page in every language and the short paths' landings (Redis has its own
        # limit and refuses the option).
        "OPTIONS": {}
        if _cache_backend.endswith("RedisCache")
        else {"MAX_ENTRIES": int(os.environ.get("LIKA_CACHE_MAX_ENTRIES", "5000"))},
    }
}

# Background jobs (lika/core/jobs.py, docs/decisions/0015-background-jobs.md): a page queues a task in the
# database under the "jobs" backend and a worker takes it (`lika db_worker --backend jobs`,
# deploy/systemd/lika-worker.service). No new server. The default backend stays immediate: Wagtail's own
# small tasks (search and reference index) keep running inside the request that sets them off.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "jobs": {
        "BACKEND": os.environ.get("LIKA_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Counts failed logins and locks out an address and user name pair after too many.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = int(os.environ.get("LIKA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LIKA_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Lockouts and throttles count the client's address, taken from X-Forwarded-For behind as many reverse
# proxies as the deployment trusts (lika/core/network.py); none here, one in production.
LIKA_TRUSTED_PROXY_COUNT = int(os.environ.get("LIKA_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "lika.core.network.client_ip"
# Who a command acts as (lika/audit/shell.py). "osuser=staffname,…" maps operating-system accounts to staff
# accounts, and a command then acts as the account the shell's user maps to, whatever --as says. Unset here,
# for development and the demo: --as is believed. Production maps nobody unless told to.
LIKA_COMMAND_STAFF = os.environ.get("LIKA_COMMAND_STAFF")

# Staff sign-in (lika/accounts/views.py and providers.py; docs/operations.md, "Staff sign-in"). Staff sign in through
# the agency's identity provider by OpenID Connect; everything about it comes from the environment.
# USERNAME_CLAIM names the claim that carries the Lika user name (roles stay in Lika); a token whose
# "acr" is not one of ACR_VALUES (space-separated: the provider's values for multi-factor
# authentication) is refused. Unset DISCOVERY_URL: no sign-in through the agency's account.
LIKA_STAFF_OIDC = {
    "DISCOVERY_URL": os.environ.get("LIKA_STAFF_OIDC_DISCOVERY_URL", ""),
    "CLIENT_ID": os.environ.get("LIKA_STAFF_OIDC_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("LIKA_STAFF_OIDC_CLIENT_SECRET", ""),
    "SCOPES": os.environ.get("LIKA_STAFF_OIDC_SCOPES", "openid profile"),
    "USERNAME_CLAIM": os.environ.get("LIKA_STAFF_OIDC_USERNAME_CLAIM", "preferred_username"),
    "ACR_VALUES": os.environ.get("LIKA_STAFF_OIDC_ACR_VALUES", ""),
    # The back-channel HTTP client (token, keys, user info); local and test settings route it in-process.
    "HTTP_CLIENT": "lika.core.oidc.UrllibHttpClient",
}
# A tiny OpenID provider inside Lika that lets a developer sign in as any active member of staff, with
# or without multi-factor authentication. Never in production.
LIKA_STAFF_DEV_PROVIDER = False
# Who may log in with a user name and password: "all" staff (the demo), or "break_glass" accounts only,
# which then also give a TOTP code (production). A break-glass account needs its code everywhere.
LIKA_STAFF_PASSWORD_LOGIN = "all"  # noqa: S105 (not a password: who may use one)
# The name authenticator apps show beside the break-glass account's codes.
OTP_TOTP_ISSUER = "Lika"
# No administrator sees another's TOTP secret or QR code in the admin (both pages answer 403); a
# break-glass secret is shown once, to whoever enrols it (lika staff-break-glass enrol).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A ZIP (a survey export, an XLSX workbook) may unpack to at most this many bytes (lika/core/archives.py).
LIKA_ARCHIVE_MAX_UNPACKED_BYTES = int(os.environ.get("LIKA_ARCHIVE_MAX_UNPACKED_BYTES", str(256 * 1024 * 1024)))
# Any file Lika reads (a register extract, a survey export, a quote request) may have at most this many
# bytes before it is read; a reader may set a lower limit of its own (lika/core/files.py).
LIKA_FILE_MAX_BYTES = int(os.environ.get("LIKA_FILE_MAX_BYTES", str(512 * 1024 * 1024)))

# Lika's APIs (the quote, /api/allowance/quote; lika/integrations/access.py). Anyone may call them, counted by address
# and with a small body; an integrating system gets a token from an administrator (lika api-token issue), with a
# limit of its own (LIKA_API_TOKEN_PER_MINUTE unless set when issued) and the endpoint's full body size.
LIKA_API_ANONYMOUS_PER_MINUTE = int(os.environ.get("LIKA_API_ANONYMOUS_PER_MINUTE", "20"))
LIKA_API_ANONYMOUS_MAX_BYTES = int(os.environ.get("LIKA_API_ANONYMOUS_MAX_BYTES", str(64 * 1024)))
LIKA_API_TOKEN_PER_MINUTE = int(os.environ.get("LIKA_API_TOKEN_PER_MINUTE", "120"))

# Swedish is the source of the agency's texts and the default; English is complete. The other
# languages are those most newcomers read; their catalogues are shipped for translators to fill.
LANGUAGE_CODE = "sv"
LANGUAGES = [
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("prs", _("Dari")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
]
LANGUAGES_BIDI = ["ar", "fa", "prs", "he", "ur", "ckb"]
LOCALE_PATHS = [Path(os.environ.get("LIKA_LOCALE_DIR", BASE_DIR / "locale"))]
# Date formats for the languages Django has none for (so, ti): lika/core/date_formats/<code>/formats.py.
FORMAT_MODULE_PATH = ["lika.core.date_formats"]
LANGUAGE_COOKIE_NAME = "lika_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "/static/"
# Only production collects static files (into STATIC_ROOT); elsewhere WhiteNoise finds them in the apps.
STATIC_ROOT: Path | None = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploaded files (Min Sida's attachments, Om Sverige's images): under var/, never in the directory
# the server happens to run in (Django's default), which is the code's checkout.
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Sessions stay in the database. With a cache that every process shares (Redis, memcached), each request
# reads its session from that cache instead of the database, and a logout deletes it from both. A
# per-process cache never holds sessions: a logout in one process would leave the session alive in the others.
# (lika/core/session_store.py: Django's cached_db, with the cached copy deleted first at a logout.)
SESSION_ENGINE = (
    "lika.core.session_store"
    if _cache_backend.endswith(("RedisCache", "PyMemcacheCache", "PyLibMCCache"))
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

COUNTRIES_OVERRIDE = {"XX": _("Stateless")}

# Logs go to standard error: one JSON object a line with LIKA_LOG_FORMAT=json (production's default), plain text
# otherwise. Every line written during a request carries its id; personal numbers, e-mail addresses and phone
# numbers are masked (lika/core/logs.py). lika.request writes one line per request at INFO (LIKA_ACCESS_LOG=1).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "lika.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": os.environ.get("LIKA_LOG_FORMAT", "text")}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "lika.request": {"level": "INFO" if os.environ.get("LIKA_ACCESS_LOG", "0") == "1" else "WARNING"},
    },
}
# /metrics for the hosting team's Prometheus (lika/core/metrics.py): answered only with
# "Authorization: Bearer <LIKA_METRICS_TOKEN>"; unset, there is no /metrics.
LIKA_METRICS_TOKEN = os.environ.get("LIKA_METRICS_TOKEN", "")

# The agency's account that allowance payments are made from (pain.001 debtor). The defaults are
# made-up demo values; production settings require real ones.
LIKA_PAYMENT_DEBTOR = {
    "name": os.environ.get("LIKA_PAYMENT_DEBTOR_NAME", "Lika demo agency"),
    "iban": os.environ.get("LIKA_PAYMENT_DEBTOR_IBAN", "SE9399900000000000000001"),
    "bic": os.environ.get("LIKA_PAYMENT_DEBTOR_BIC", "NDEASESS"),
}

# The follow-up: where the Parquet copies of the fact tables go, which engine runs the indicators
# ("duckdb" over those files, or "database"), and the disclosure rules applied to everything that
# leaves Lika (a count below LIKA_DISCLOSURE_MIN_COUNT, or a share whose population is below
# LIKA_DISCLOSURE_MIN_DENOMINATOR, is masked).
# Om Sverige (Wagtail). Swedish is the source language of every page; each language in LANGUAGES
# has its own tree of translations, served under its own prefix (/sv/om-sverige/, /en/om-sverige/).
WAGTAIL_SITE_NAME = "Lika"
WAGTAILADMIN_BASE_URL = os.environ.get("LIKA_BASE_URL", "http://127.0.0.1:8000")
# The public site's address, printed on letters and screens as the base of each channel's short path.
LIKA_PUBLIC_BASE_URL = os.environ.get("LIKA_PUBLIC_BASE_URL", WAGTAILADMIN_BASE_URL)
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# "Translate" makes a draft: wagtail-localize would otherwise publish the new translation at once, with
# the Swedish text it starts from, under the other language's address (issue 20; newcomer_info/translation_flow.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAILDOCS_EXTENSIONS = ["pdf"]

LIKA_FACTS_DIR = Path(os.environ.get("LIKA_FACTS_DIR", VAR_DIR / "facts"))
LIKA_FOLLOWUP_ENGINE = os.environ.get("LIKA_FOLLOWUP_ENGINE", "duckdb")
LIKA_DISCLOSURE_MIN_COUNT = int(os.environ.get("LIKA_DISCLOSURE_MIN_COUNT", "5"))
LIKA_DISCLOSURE_MIN_DENOMINATOR = int(os.environ.get("LIKA_DISCLOSURE_MIN_DENOMINATOR", "10"))
# Salts the record keys of the cell-key method used for breakdowns readers choose freely; keep it secret and
# fixed (changing it changes every perturbed figure). Unset: derived from SECRET_KEY.
LIKA_CELL_KEY_SALT = os.environ.get("LIKA_CELL_KEY_SALT")

# Min Sida login (lika/applicant_portal; docs/decisions/0009-min-sida-login.md). The e-ID broker is
# reached by OpenID Connect; everything about it comes from the environment. The personal number
# arrives in the claim the broker names (the Swedish OIDC profile's claim by default).
LIKA_PORTAL_OIDC = {
    "DISCOVERY_URL": os.environ.get("LIKA_PORTAL_OIDC_DISCOVERY_URL", ""),
    "CLIENT_ID": os.environ.get("LIKA_PORTAL_OIDC_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("LIKA_PORTAL_OIDC_CLIENT_SECRET", ""),
    "SCOPES": os.environ.get("LIKA_PORTAL_OIDC_SCOPES", "openid https://id.oidc.se/scope/naturalPersonNumber"),
    "PERSONAL_NUMBER_CLAIM": os.environ.get(
        "LIKA_PORTAL_OIDC_PERSONAL_NUMBER_CLAIM", "https://id.oidc.se/claim/personalIdentityNumber"
    ),
    # The back-channel HTTP client (token, keys, user info); local and test settings route it in-process.
    "HTTP_CLIENT": "lika.core.oidc.UrllibHttpClient",
}
# A tiny OpenID provider inside Lika that lets a developer log in as any demo person. Never in production.
LIKA_PORTAL_DEV_PROVIDER = False
LIKA_PORTAL_IDLE_MINUTES = int(os.environ.get("LIKA_PORTAL_IDLE_MINUTES", "20"))
LIKA_PORTAL_WARNING_MINUTES = int(os.environ.get("LIKA_PORTAL_WARNING_MINUTES", "2"))
LIKA_PORTAL_CODE_MINUTES = int(os.environ.get("LIKA_PORTAL_CODE_MINUTES", "10"))
LIKA_PORTAL_CODE_ATTEMPTS = int(os.environ.get("LIKA_PORTAL_CODE_ATTEMPTS", "3"))
# Failed logins and codes sent, counted over a window: per phone, e-mail or number, and per address.
LIKA_PORTAL_THROTTLE_MINUTES = int(os.environ.get("LIKA_PORTAL_THROTTLE_MINUTES", "15"))
LIKA_PORTAL_THROTTLE_PER_IDENTIFIER = int(os.environ.get("LIKA_PORTAL_THROTTLE_PER_IDENTIFIER", "5"))
LIKA_PORTAL_THROTTLE_PER_IP = int(os.environ.get("LIKA_PORTAL_THROTTLE_PER_IP", "30"))
# The largest attachment a message in Min Sida may carry, in bytes (10 MiB).
LIKA_PORTAL_ATTACHMENT_MAX_BYTES = int(os.environ.get("LIKA_PORTAL_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# How a one-time code reaches the person: e-mail through Django's mail, SMS through this backend.
LIKA_PORTAL_SMS_BACKEND = os.environ.get("LIKA_PORTAL_SMS_BACKEND", "lika.applicant_portal.notify.ConsoleSmsBackend")
