"""Demo logins: one member of staff for each role, with a password printed for the demo only."""

from __future__ import annotations

from dataclasses import dataclass

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.accounts.services import staff_user_create

# Printed on the terminal by `make demo`; the demo runs on a developer's own machine only.
DEMO_PASSWORD = "lika-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    created: bool


def demo_logins_ensure() -> list[DemoLogin]:
    """Creates the demo staff users that do not yet exist; one per role, named after the role."""
    logins: list[DemoLogin] = []
    for role in Role:
        username = role.value.replace("_", "-")
        exists = User.objects.filter(username=username).exists()
        if not exists:
            staff_user_create(
                actor=None,
                actor_label="lika demo-setup",
                reason="Demo login for the role",
                username=username,
                password=DEMO_PASSWORD,
                roles=[role],
                first_name=str(role.label),
                check_password=False,
            )
        logins.append(DemoLogin(username=username, role=role, created=not exists))
    return logins
