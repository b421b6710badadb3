"""The container image and compose file hold together: without a Docker daemon, their files are checked here.

``.ci/run`` also builds the image where the machine has a daemon.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def _dockerfile() -> str:
    return (DEPLOY / "Dockerfile").read_text(encoding="utf-8")


def test_compose_gives_lika_every_value_production_requires() -> None:
    required = set(re.findall(r'_required\("([A-Z_]+)"\)', (ROOT / "config/settings/production.py").read_text()))
    assert {"SECRET_KEY", "DATABASE_URL", "LIKA_BASE_URL"} <= required
    services = _compose()["services"]
    for name in ("web", "migrate", "worker"):
        environment = services[name]["environment"]
        assert required <= set(environment), (name, required - set(environment))
        assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert "@db:5432/" in environment["DATABASE_URL"]
        assert environment["LIKA_CACHE_LOCATION"].startswith("redis://redis:")


def test_compose_starts_the_web_after_the_migrations_with_postgresql_and_redis() -> None:
    services = _compose()["services"]
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["migrate"]["command"] == ["lika", "migrate", "--noinput"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["web"]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_the_dockerfile_copies_what_exists_and_pins_the_makefiles_uv() -> None:
    text = _dockerfile()
    for line in text.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), line
    uv = re.search(r"^UV_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert uv is not None
    assert f'"uv=={uv.group(1)}"' in text
    assert 'CMD ["gunicorn", "config.wsgi:application", "--config", "deploy/gunicorn.conf.py"]' in text
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "var", "deploy/.env"} <= set(ignored)


def test_the_images_build_step_loads_production_settings_with_its_placeholders() -> None:
    """collectstatic runs at build time under production settings; the placeholders must satisfy them."""
    step = _dockerfile().split("&& env ", 1)[1].split("/srv/lika/.venv/bin/lika collectstatic", 1)[0]
    values = dict(word.split("=", 1) for word in shlex.split(step.replace("\\\n", " ")) if "=" in word)
    assert values["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LIKA_", "DATABASE_URL"))} | values
    checked = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.STATIC_ROOT)",
        ],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr[-2000:]
    assert checked.stdout.strip() == "/srv/lika/static"


def test_gunicorn_settings_load_and_mark_dead_workers_for_the_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    namespace: dict[str, Any] = {}
    exec(compile((DEPLOY / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    assert namespace["worker_class"] == "gthread"
    assert namespace["accesslog"] is None
    assert callable(namespace["child_exit"])
    stale = tmp_path / "counter_1.db"
    stale.write_bytes(b"")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    namespace["on_starting"](None)
    assert not stale.exists()
