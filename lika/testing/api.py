"""Integrating systems in tests: ``api_token`` issues a token as an administrator would, and gives its text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.audit.acting import Acting
from lika.integrations.services import api_token_issue


@pytest.fixture
def api_token(make_staff: Callable[..., User]) -> str:
    """A token for the system "Test system", issued by an administrator, with the default limit."""
    admin = make_staff(Role.ADMINISTRATOR, username="token-admin")
    _token, text = api_token_issue(acting=Acting(actor=admin, reason="Test"), system="Test system")
    return text
