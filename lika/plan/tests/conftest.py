"""The plan's fixtures: a strategist, a manager, a small plan, and couples whose facts the report shows."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.followup.facts.build import facts_rebuild
from lika.followup.facts.export import facts_export
from lika.plan import services
from lika.plan.models import MeasureStatus, Scope
from lika.testing.personas import MakeCouple, couple_create

AS_OF = datetime.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """Messages are checked in English."""


@pytest.fixture(autouse=True)
def facts_dir(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "facts"
    with override_settings(LIKA_FACTS_DIR=directory):
        yield directory


@pytest.fixture
def strategist(make_staff: Callable[..., User]) -> Acting:
    return Acting(actor=make_staff(Role.EQUALITY_STRATEGIST, username="strategist"), reason="Plan test")


@pytest.fixture
def manager(make_staff: Callable[..., User]) -> Acting:
    return Acting(actor=make_staff(Role.MANAGER, username="boss"), reason="Approved at the meeting")


@pytest.fixture
def plan(strategist: Acting) -> dict[str, object]:
    own = services.agency_ensure(acting=strategist, code="migrationsverket", name="Migrationsverket", own=True)
    other = services.agency_ensure(acting=strategist, code="forsakringskassan", name="Försäkringskassan")
    areas = {
        n: services.area_save(acting=strategist, area=None, number=n, title=f"Område {n}", title_en=f"Area {n}")
        for n in range(1, 6)
    }
    measure = services.measure_save(
        acting=strategist, measure=None, area=areas[2], code="2.1", text="Eget kort", text_en="Own card"
    )
    services.measure_save(
        acting=strategist,
        measure=None,
        area=areas[1],
        code="1.4",
        text="Information före avresa",
        status=MeasureStatus.NOT_PURSUED,
        reason="Inget behov",
        reason_en="No need",
    )
    services.measure_save(
        acting=strategist, measure=None, area=areas[4], code="G.1", text="Gemensamt", scope=Scope.JOINT, agency=other
    )
    services.indicator_save(
        acting=strategist,
        area=areas[2],
        code="own_card_couples",
        baseline=Decimal(76),
        baseline_year=2021,
        target=Decimal(93),
        target_year=2024,
    )
    services.indicator_save(acting=strategist, area=areas[2], code="own_card_adults", position=1)
    return {"own": own, "other": other, "areas": areas, "measure": measure}


def _couples(make_person: Callable[..., object], officer: Acting) -> None:
    make: MakeCouple = lambda *a, **k: couple_create(make_person, officer, *a, **k)  # type: ignore[arg-type]  # noqa: E731
    for index in range(25):
        make(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), joint_card=index < 6)
    for index in range(14):
        make(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), joint_card=index < 1)
    facts_rebuild(as_of=AS_OF)


@pytest.fixture
def facts(make_person: Callable[..., object], make_staff: Callable[..., User], facts_dir: Path) -> datetime.date:
    """Couples' facts built and exported; the day they were built as of."""
    officer = Acting(actor=make_staff(Role.CASE_OFFICER, username="officer"), reason="Plan test")
    _couples(make_person, officer)
    facts_export(facts_dir)
    return AS_OF
