"""Settings for a real deployment. Refuses to start without the values a deployment must set."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.settings import base as _base
from config.settings.base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name}: production settings have no default for it.")
    return value


SECRET_KEY = _required("SECRET_KEY")
DATABASES = {"default": dj_database_url.parse(_required("DATABASE_URL"), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database in production; SQLite is for the demo.")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
LIKA_PAYMENT_DEBTOR = {
    "name": _required("LIKA_PAYMENT_DEBTOR_NAME"),
    "iban": _required("LIKA_PAYMENT_DEBTOR_IBAN"),
    "bic": _required("LIKA_PAYMENT_DEBTOR_BIC"),
}
# Links in Min Sida's messages and notifications and the addresses printed on letters are built from
# it (LIKA_PUBLIC_BASE_URL when the public site has an address of its own); base.py's default is 127.0.0.1.
WAGTAILADMIN_BASE_URL = _required("LIKA_BASE_URL")
LIKA_PUBLIC_BASE_URL = os.environ.get("LIKA_PUBLIC_BASE_URL", WAGTAILADMIN_BASE_URL)
# The console backend writes each one-time login code to the server's log instead of sending it.
_sms_backend = _required("LIKA_PORTAL_SMS_BACKEND")
if _sms_backend.endswith("ConsoleSmsBackend"):
    raise ImproperlyConfigured(
        "Set LIKA_PORTAL_SMS_BACKEND to the class that sends text messages through the agency's SMS gateway: "
        "the console backend writes one-time login codes to the log."
    )
LIKA_PORTAL_SMS_BACKEND = _sms_backend
# Om Sverige's page cache is cleared on every publish; with several web processes a per-process
# cache would keep serving the old page in the others, so production needs a shared one.
if str(CACHES["default"]["BACKEND"]).endswith("LocMemCache"):  # noqa: F405
    raise ImproperlyConfigured(
        "Set LIKA_CACHE_BACKEND (and LIKA_CACHE_LOCATION) to a cache that all web processes share, such as "
        "django.core.cache.backends.redis.RedisCache or django.core.cache.backends.db.DatabaseCache "
        "(docs/operations.md, 'Caching')."
    )
# Staff sign in through the agency's identity provider, with multi-factor authentication that the
# provider vouches for in the token's "acr"; a password alone is enough for nobody. Only the
# break-glass administrator may log in with a password, and then with a TOTP code as well.
LIKA_STAFF_PASSWORD_LOGIN = "break_glass"  # noqa: S105 (not a password: who may use one)
LIKA_STAFF_DEV_PROVIDER = False
LIKA_PORTAL_DEV_PROVIDER = False
if _base.LIKA_STAFF_OIDC["DISCOVERY_URL"]:
    LIKA_STAFF_OIDC = {
        **_base.LIKA_STAFF_OIDC,
        "CLIENT_ID": _required("LIKA_STAFF_OIDC_CLIENT_ID"),
        "CLIENT_SECRET": _required("LIKA_STAFF_OIDC_CLIENT_SECRET"),
    }
    if not LIKA_STAFF_OIDC["ACR_VALUES"].strip():
        raise ImproperlyConfigured(
            "Set LIKA_STAFF_OIDC_ACR_VALUES to the agency provider's acr values for multi-factor authentication: "
            "without them a sign-in with a password alone would be accepted."
        )
# JSON logs with request ids, and one line per request, unless the deployment says otherwise.
LOGGING = {
    **LOGGING,  # noqa: F405
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": os.environ.get("LIKA_LOG_FORMAT", "json")}},
    "loggers": {"lika.request": {"level": "INFO" if os.environ.get("LIKA_ACCESS_LOG", "1") == "1" else "WARNING"}},
}
DEBUG = False
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))  # noqa: F405
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Lika runs behind a TLS proxy. The login lockout and Min Sida's throttles must count the client's
# address, not the proxy's, or one person could lock every member of staff out: lika/core/network.py
# takes it from X-Forwarded-For, trusting only as many proxies as the deployment says it has.
LIKA_TRUSTED_PROXY_COUNT = int(os.environ.get("LIKA_TRUSTED_PROXY_COUNT", "1"))
# A shell user approves, executes or imports only as the staff account mapped to them here ("osuser=staffname,…");
# --as alone proves nothing, since anyone with a shell can type any name (lika/audit/shell.py).
LIKA_COMMAND_STAFF = os.environ.get("LIKA_COMMAND_STAFF", "")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
