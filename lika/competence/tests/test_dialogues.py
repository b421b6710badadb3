"""Competence dialogues: the member of staff prepares, their own manager agrees goals and a plan, and
no one else sees it; managers see units' aggregates split by sex and protected against small cells."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.competence import services
from lika.competence.models import Dialogue, DialogueStatus, PlanItem
from lika.competence.selectors import aggregates
from lika.competence.tests.factories import Organisation
from lika.core import clock
from lika.people.models import Sex
from lika.statistics.disclosure import DisclosureRules

pytestmark = pytest.mark.django_db


def _levels(org: Organisation, prefix: str = "area") -> dict[str, str]:
    return {f"{prefix}_{area.pk}": "1" for area in org.areas}


def _prepared(org: Organisation) -> Dialogue:
    return services.dialogue_prepare(
        acting=Acting(actor=org.staff, reason="Self"),
        year=clock.today().year,
        self_levels={area.pk: 1 for area in org.areas},
    )


def test_staff_and_their_manager_complete_a_dialogue_with_a_learning_plan(client: Client, org: Organisation) -> None:
    client.force_login(org.staff)
    response = client.post(reverse("competence:my_dialogue"), _levels(org))
    assert response.status_code == 302
    dialogue = Dialogue.objects.get(staff=org.staff)
    assert dialogue.manager == org.manager
    # The member of staff cannot agree their own goals.
    assert client.post(reverse("competence:dialogue_agree", args=[dialogue.pk]), {}).status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.status == DialogueStatus.PREPARED

    client.force_login(org.manager)
    goals = {f"area_{area.pk}": "2" for area in org.areas}
    response = client.post(
        reverse("competence:dialogue_agree", args=[dialogue.pk]),
        {**goals, "activities": [org.racism_elearning.pk]},
    )
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.status == DialogueStatus.AGREED
    assert [r.goal_level for r in dialogue.ratings.all()] == [2, 2]
    item = PlanItem.objects.get(dialogue=dialogue)

    client.force_login(org.staff)
    day = clock.today().isoformat()
    client.post(reverse("competence:plan_item_done", args=[dialogue.pk, item.pk]), {"done_on": day})
    item.refresh_from_db()
    assert item.done_on == clock.today()


def test_another_manager_and_colleagues_get_not_found(
    client: Client, org: Organisation, make_staff: Callable[..., User]
) -> None:
    dialogue = _prepared(org)
    for outsider in (org.other_manager, org.facilitator, make_staff(Role.ADMINISTRATOR, username="admin")):
        client.force_login(outsider)
        assert client.get(reverse("competence:dialogue", args=[dialogue.pk])).status_code == 404
        assert client.post(reverse("competence:dialogue_agree", args=[dialogue.pk]), {}).status_code == 404
    client.force_login(org.manager)
    assert client.get(reverse("competence:dialogue", args=[dialogue.pk])).status_code == 200


@pytest.mark.usefixtures("english")
def test_another_manager_cannot_agree_through_the_service(org: Organisation) -> None:
    dialogue = _prepared(org)
    with pytest.raises(ValidationError, match="Only the manager"):
        services.dialogue_agree(
            acting=Acting(actor=org.other_manager, reason="Try"),
            dialogue=dialogue,
            goal_levels={area.pk: 2 for area in org.areas},
            activities=[org.telephone],
        )
    dialogue.refresh_from_db()
    assert dialogue.status == DialogueStatus.PREPARED


@pytest.mark.usefixtures("english")
def test_a_self_assessment_without_every_area_is_refused(org: Organisation) -> None:
    with pytest.raises(ValidationError, match="every area"):
        services.dialogue_prepare(
            acting=Acting(actor=org.staff, reason="Self"), year=2026, self_levels={org.areas[0].pk: 2}
        )
    assert not Dialogue.objects.exists()


@pytest.mark.usefixtures("english")
def test_staff_without_a_manager_are_told_whom_to_ask(org: Organisation) -> None:
    with pytest.raises(ValidationError, match="no manager"):
        services.dialogue_prepare(
            acting=Acting(actor=org.other_manager, reason="Self"), year=2026, self_levels={a.pk: 1 for a in org.areas}
        )


def _team(org: Organisation, make_staff: Callable[..., User], *, sex: str, agreed: int, without: int) -> None:
    year = clock.today().year
    for number in range(agreed + without):
        user = make_staff(Role.CASE_OFFICER, username=f"{sex}{number}")
        services.placement_set(user=user, unit=org.unit, manager=org.manager, sex=sex)
        if number >= agreed:
            continue
        dialogue = services.dialogue_prepare(
            acting=Acting(actor=user, reason="Self"), year=year, self_levels={a.pk: 1 for a in org.areas}
        )
        services.dialogue_agree(
            acting=Acting(actor=org.manager, reason="Agree"),
            dialogue=dialogue,
            goal_levels={a.pk: 2 for a in org.areas},
            activities=[org.telephone],
        )


RULES = DisclosureRules(min_count=5, min_denominator=10)


def test_aggregates_show_coverage_by_sex_when_every_cell_is_large_enough(
    org: Organisation, make_staff: Callable[..., User]
) -> None:
    # With the fixture's woman and man (no dialogue): women 10 of 16, men 8 of 13.
    _team(org, make_staff, sex=Sex.FEMALE, agreed=10, without=5)
    _team(org, make_staff, sex=Sex.MALE, agreed=8, without=4)
    [row, everyone] = aggregates(year=clock.today().year, rules=RULES).coverage
    assert [cell.text for cell in row.cells] == ["10 / 16 (62 %)", "8 / 13 (62 %)", ".", "18 / 29 (62 %)"]
    assert everyone.unit == ""
    assert everyone.cells == row.cells


def test_aggregates_hide_a_small_group_and_what_would_give_it_away(
    org: Organisation, make_staff: Callable[..., User]
) -> None:
    # Women 10 of 16; men 2 of 3: the men's cell is hidden, and so is the total that would reveal it.
    _team(org, make_staff, sex=Sex.FEMALE, agreed=10, without=5)
    _team(org, make_staff, sex=Sex.MALE, agreed=2, without=0)
    result = aggregates(year=clock.today().year, rules=RULES)
    [row, _everyone] = result.coverage
    women, men, _unknown, total = row.cells
    assert men.masked
    assert men.text == ".."
    assert women.masked or total.masked
    # Goals above the own level: every agreed dialogue; the two men's cells are hidden in every area.
    assert result.gaps
    for _area, cells in result.gaps:
        assert cells[1].masked


def test_the_overview_is_for_managers(client: Client, org: Organisation) -> None:
    client.force_login(org.staff)
    assert client.get(reverse("competence:overview")).status_code == 403
    client.force_login(org.manager)
    response = client.get(reverse("competence:overview"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    # The effect of training is the follow-up's indicator; the overview links to it.
    assert reverse("indicators:training_effect") in response.content.decode()
