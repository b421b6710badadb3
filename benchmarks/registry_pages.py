"""Times the registry's heaviest reads against an already loaded database.

Run after loading a population, for example::

    LIKA_VAR_DIR=/tmp/big lika migrate && LIKA_VAR_DIR=/tmp/big lika demo-data --persons 1000000
    LIKA_VAR_DIR=/tmp/big .venv/bin/python benchmarks/registry_pages.py

or with ``DATABASE_URL`` naming a loaded PostgreSQL database. Each page is requested ``--repeat``
times through Django's test client as a case officer; the median and the slowest are reported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from lika.accounts.models import User
    from lika.accounts.roles import Role
    from lika.accounts.services import staff_user_create
    from lika.people.models import Person

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()

    setup_test_environment()
    user = User.objects.filter(username="bench-officer").first() or staff_user_create(
        actor=None,
        actor_label="benchmarks/registry_pages.py",
        reason="Benchmark login",
        username="bench-officer",
        password="not-used-by-the-benchmark",  # noqa: S106
        roles=[Role.CASE_OFFICER],
        check_password=False,
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    persons = Person.objects.count()
    sample = Person.objects.order_by("-id").values_list("pk", "dossier_number", "family_name").first()
    if sample is None:
        print("The registry is empty: load a population first.", file=sys.stderr)
        return 2
    pk, dossier_number, family_name = sample
    pages = {
        "start page (sex split of persons, LMA, households)": "/",
        "registry list, first page": "/register/personer/",
        "registry list, page 1000": "/register/personer/?page=1000",
        "search by dossier number": f"/register/personer/?q={dossier_number}",
        "search by family name": f"/register/personer/?q={family_name}",
        "person page": f"/register/personer/{pk}/",
    }
    print(f"{connection.vendor}, {persons:,} persons, {options.repeat} requests per page\n")
    print("| Page | Median (ms) | Slowest (ms) |\n|---|---:|---:|")
    for name, url in pages.items():
        times = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                print(f"{url} answered {response.status_code}", file=sys.stderr)
                return 1
        print(f"| {name} | {statistics.median(times):,.0f} | {max(times):,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
