"""Settings for a developer's machine and for ``make demo``: SQLite under var/, debug on."""

from __future__ import annotations

import os

from config.settings.base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "1") == "1"
# Not a secret: this key only ever signs cookies on a developer's own machine.
SECRET_KEY = os.environ.get("SECRET_KEY") or "lika-local-development-key-not-for-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Min Sida: log in as a demo person through Lika's own development OpenID provider, called in-process.
LIKA_PORTAL_DEV_PROVIDER = True
LIKA_PORTAL_OIDC = {**LIKA_PORTAL_OIDC, "HTTP_CLIENT": "lika.core.dev_provider.InProcessHttpClient"}  # noqa: F405
# The demo has no phones or inboxes: one-time codes and notifications land on Min Sida's demo inbox page.
EMAIL_BACKEND = "lika.applicant_portal.notify.DemoOutboxEmailBackend"
LIKA_PORTAL_SMS_BACKEND = "lika.applicant_portal.notify.DemoOutboxSmsBackend"
# Staff: sign in through Lika's own development OpenID provider too, called in-process.
LIKA_STAFF_DEV_PROVIDER = True
LIKA_STAFF_OIDC = {**LIKA_STAFF_OIDC, "HTTP_CLIENT": "lika.core.dev_provider.InProcessHttpClient"}  # noqa: F405
# /metrics on a developer's machine and in the demo; not a secret (production has no default).
LIKA_METRICS_TOKEN = os.environ.get("LIKA_METRICS_TOKEN") or "lika-demo-metrics"
