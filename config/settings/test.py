"""Settings for the test suite: the database comes from DATABASE_URL (SQLite if unset)."""

from __future__ import annotations

from config.settings.base import *  # noqa: F403

SECRET_KEY = "lika-test-key-not-for-production"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Fast hashing keeps the suite quick; production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Min Sida: the development OpenID provider answers the back channel in-process, so no test uses the network.
LIKA_PORTAL_DEV_PROVIDER = True
LIKA_PORTAL_OIDC = {**LIKA_PORTAL_OIDC, "HTTP_CLIENT": "lika.core.dev_provider.InProcessHttpClient"}  # noqa: F405
# Staff: sign in through Lika's own development OpenID provider too, called in-process.
LIKA_STAFF_DEV_PROVIDER = True
LIKA_STAFF_OIDC = {**LIKA_STAFF_OIDC, "HTTP_CLIENT": "lika.core.dev_provider.InProcessHttpClient"}  # noqa: F405
# Jobs run at once, inside the request that starts them; lika/core/tests/test_jobs.py also runs the database
# backend's worker.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "jobs": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]},
}
# The suite sends many quote requests from one address (the fuzz test alone, hundreds); the tests of the limit
# set their own. The anonymous body cap stays as in production.
LIKA_API_ANONYMOUS_PER_MINUTE = 1_000_000
