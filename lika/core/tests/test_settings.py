"""Production settings refuse to start half-configured and pass Django's deployment checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[3]
SECRET = "k2@fJ9!vQz#8LmP$wX4&rT6*yB1^nC7(eH3)uD5_sG0+aV" * 2
POSTGRES = "postgres://lika@db.example.org:5432/lika"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not k.startswith("LIKA_PAYMENT_DEBTOR_")
    }
    environment.update(DEBTOR)
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


DEBTOR = {
    "LIKA_BASE_URL": "https://lika.example.org",
    "LIKA_PORTAL_SMS_BACKEND": "lika.example.SmsGateway",
    "LIKA_CACHE_BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LIKA_CACHE_LOCATION": "lika_cache",
    "LIKA_PAYMENT_DEBTOR_NAME": "Example agency",
    "LIKA_PAYMENT_DEBTOR_IBAN": "SE9399900000000000000001",
    "LIKA_PAYMENT_DEBTOR_BIC": "NDEASESS",
}


def test_production_refuses_to_start_without_the_paying_account() -> None:
    result = _manage(
        "check",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="lika.example.org",
        DATABASE_URL=POSTGRES,
        LIKA_PAYMENT_DEBTOR_IBAN="",
    )
    assert result.returncode != 0
    assert "LIKA_PAYMENT_DEBTOR_IBAN" in result.stderr


def test_production_refuses_a_cache_that_each_process_keeps_for_itself() -> None:
    result = _manage(
        "check",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="lika.example.org",
        DATABASE_URL=POSTGRES,
        LIKA_CACHE_BACKEND="django.core.cache.backends.locmem.LocMemCache",
    )
    assert result.returncode != 0
    assert "LIKA_CACHE_BACKEND" in result.stderr


def test_production_refuses_to_start_without_its_public_address() -> None:
    """Without it, links in Min Sida's messages and on printed letters would lead to 127.0.0.1."""
    result = _manage(
        "check", SECRET_KEY=SECRET, ALLOWED_HOSTS="lika.example.org", DATABASE_URL=POSTGRES, LIKA_BASE_URL=""
    )
    assert result.returncode != 0
    assert "LIKA_BASE_URL" in result.stderr


def test_production_refuses_to_write_one_time_codes_to_the_log() -> None:
    """The console SMS backend logs each login code instead of sending it: never in a deployment."""
    result = _manage(
        "check",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="lika.example.org",
        DATABASE_URL=POSTGRES,
        LIKA_PORTAL_SMS_BACKEND="lika.applicant_portal.notify.ConsoleSmsBackend",
    )
    assert result.returncode != 0
    assert "LIKA_PORTAL_SMS_BACKEND" in result.stderr


def test_uploaded_files_are_kept_under_the_var_directory() -> None:
    """Min Sida's attachments go under LIKA_VAR_DIR, not into whatever directory the server runs in."""
    from config.settings import base

    media_root = Path(base.MEDIA_ROOT)
    assert media_root.is_absolute()
    assert media_root.is_relative_to(base.VAR_DIR)


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _manage("check", ALLOWED_HOSTS="lika.example.org", DATABASE_URL=POSTGRES)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    result = _manage("check", SECRET_KEY="x" * 60, DATABASE_URL=POSTGRES)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_a_postgresql_database() -> None:
    missing = _manage("check", SECRET_KEY=SECRET, ALLOWED_HOSTS="lika.example.org", DATABASE_URL="")
    assert missing.returncode != 0
    assert "DATABASE_URL" in missing.stderr
    sqlite = _manage("check", SECRET_KEY=SECRET, ALLOWED_HOSTS="lika.example.org", DATABASE_URL="sqlite:///x.db")
    assert sqlite.returncode != 0
    assert "PostgreSQL" in sqlite.stderr


def test_production_passes_check_deploy() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="lika.example.org",
        DATABASE_URL=POSTGRES,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("args", [["demo-setup", "--help"], ["compile-translations", "--help"], ["help"]])
def test_lika_command_accepts_hyphenated_job_names(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lika", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_production_settings_count_the_client_behind_the_proxy() -> None:
    """Under the production settings themselves: the lockout's address function gives the client's address."""
    code = (
        "import json; from django.test import RequestFactory; from axes.helpers import get_client_ip_address as ip; "
        "r = RequestFactory(); "
        "print(json.dumps([ip(r.get('/', REMOTE_ADDR='10.0.0.2', HTTP_X_FORWARDED_FOR=f)) "
        "for f in ('203.0.113.7', '1.2.3.4, 198.51.100.9')]))"
    )
    result = _manage("shell", "-c", code, SECRET_KEY=SECRET, ALLOWED_HOSTS="lika.example.org", DATABASE_URL=POSTGRES)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["203.0.113.7", "198.51.100.9"]


@pytest.mark.django_db
def test_the_demo_answers_an_unknown_address_with_its_own_page(client: Client) -> None:
    """Issue 15: `make demo` served with debug on, so a mistyped address showed Django's list of every URL."""
    makefile = (ROOT / "Makefile").read_text()
    serve = next(line for line in makefile.splitlines() if " runserver " in line)
    assert " DEBUG=0 " in serve
    assert "LIKA_BASE_URL=http://127.0.0.1:$(PORT)" in makefile, "links the demo sends must name its own port"
    with override_settings(DEBUG=False):
        response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
        style = client.get("/static/lika/lika.css")
    assert response.status_code == 404
    assert "We cannot find that page" in response.content.decode()
    assert "URLconf" not in response.content.decode()
    assert style.status_code == 200, "the demo's pages keep their style without debug"


def test_production_refuses_the_agencys_sign_in_without_acr_values() -> None:
    """Without acr values a sign-in with a password alone at the agency's provider would let staff in."""
    base = {"SECRET_KEY": SECRET, "ALLOWED_HOSTS": "lika.example.org", "DATABASE_URL": POSTGRES}
    provider = {
        "LIKA_STAFF_OIDC_DISCOVERY_URL": "https://login.example.org/.well-known/openid-configuration",
        "LIKA_STAFF_OIDC_CLIENT_ID": "lika",
        "LIKA_STAFF_OIDC_CLIENT_SECRET": "s3cret",
    }
    without = _manage("check", **base, **provider, LIKA_STAFF_OIDC_ACR_VALUES="")
    assert without.returncode != 0
    assert "LIKA_STAFF_OIDC_ACR_VALUES" in without.stderr
    with_acr = _manage("check", **base, **provider, LIKA_STAFF_OIDC_ACR_VALUES="https://refeds.org/profile/mfa")
    assert with_acr.returncode == 0, with_acr.stderr


def test_production_lets_only_the_break_glass_account_use_a_password_and_has_no_development_provider() -> None:
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.LIKA_STAFF_PASSWORD_LOGIN, s.LIKA_STAFF_DEV_PROVIDER, s.LIKA_PORTAL_DEV_PROVIDER]))"
    )
    result = _manage("shell", "-c", code, SECRET_KEY=SECRET, ALLOWED_HOSTS="lika.example.org", DATABASE_URL=POSTGRES)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["break_glass", False, False]
