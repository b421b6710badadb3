"""Every view says who may use it, and the server enforces it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lika.accounts.models import User
from lika.accounts.roles import Role
from lika.testing.urls import regex_sample

pytestmark = pytest.mark.django_db

# Views open to anyone on purpose. Everything else in Lika must require a logged-in member of staff.
# The quote API reads and writes nothing (lika/allowance/api.py), so it is open on purpose.
# The short paths of Om Sverige's channels count visits anonymously and redirect (lika/newcomer_info/views.py).
PUBLIC_ROUTES = {
    "accounts:login",
    "accounts:logout",
    "core:health",
    "set_language",
    "allowance_api:quote",
    # The quote API's OpenAPI description, and the metrics, which answer only to LIKA_METRICS_TOKEN (404 unset).
    "allowance_api:openapi",
    "metrics",
    "newcomer_info:channel_visit",
    "newcomer_info:channel_visit_page",
    # Min Sida's login (lika/applicant_portal/login_views.py) and its development OpenID provider, which
    # answers 404 unless settings.LIKA_PORTAL_DEV_PROVIDER is on (lika/applicant_portal/dev_provider.py).
    "applicant_portal:login",
    "applicant_portal:oidc_start",
    "applicant_portal:oidc_callback",
    "applicant_portal:code_request",
    "applicant_portal:code_verify",
    "applicant_portal:logout",
    "applicant_portal:dev_idp_discovery",
    "applicant_portal:dev_idp_authorize",
    "applicant_portal:dev_idp_token",
    "applicant_portal:dev_idp_jwks",
    "applicant_portal:dev_idp_userinfo",
    # The demo's inbox of the codes it "sent"; 404 unless settings.LIKA_PORTAL_DEV_PROVIDER is on.
    "applicant_portal:demo_outbox",
    # Staff sign-in through the agency's identity provider (lika/accounts/views.py) and staff's development
    # provider, which answers 404 unless settings.LIKA_STAFF_DEV_PROVIDER is on (lika/accounts/dev_provider.py).
    "accounts:oidc_start",
    # Wagtail's login address, sent on to Lika's login page.
    "wagtail_login",
    "accounts:oidc_callback",
    "accounts:dev_idp_discovery",
    "accounts:dev_idp_authorize",
    "accounts:dev_idp_token",
    "accounts:dev_idp_jwks",
    "accounts:dev_idp_userinfo",
}


def _is_wagtail(resolver: URLResolver) -> bool:
    """Wagtail's admin (/cms/) checks its own access (wagtailadmin.access_admin); its page server is public."""
    module = getattr(resolver.urlconf_module, "__name__", "")
    return module.split(".")[0] in {"wagtail", "wagtail_localize"}


def _lika_routes(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin" or _is_wagtail(entry):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _lika_routes(entry, inner)
        elif entry.name:
            yield f"{namespace}{entry.name}", entry


def _url(name: str) -> str:
    pattern = dict(_lika_routes())[name]
    # A sample each converter takes (1 for a number, a nil UUID for a UUID ...).
    kwargs = {
        key: converter.to_python(regex_sample(converter.regex)) for key, converter in pattern.pattern.converters.items()
    }
    return reverse(name, kwargs=kwargs)


ROUTES = sorted(name for name, _pattern in _lika_routes())
# --- Min Sida: views wrapped in portal_view are for a person logged in to the portal, not for staff.
PORTAL_ROUTES = sorted(
    name for name, pattern in _lika_routes() if getattr(pattern.callback, "lika_access", ("",))[0] == "portal"
)
STAFF_ROUTES = [name for name in ROUTES if name not in PUBLIC_ROUTES and name not in PORTAL_ROUTES]


def test_every_view_declares_its_access() -> None:
    undeclared = [name for name, pattern in _lika_routes() if not hasattr(pattern.callback, "lika_access")]
    undeclared = [name for name in undeclared if name != "set_language"]
    assert undeclared == [], "wrap these views in staff_view(...) or public_view"


def test_public_routes_are_exactly_the_declared_ones() -> None:
    declared_public = {
        name for name, pattern in _lika_routes() if getattr(pattern.callback, "lika_access", ("",))[0] == "public"
    }
    assert declared_public | {"set_language"} == PUBLIC_ROUTES


@pytest.mark.parametrize("name", STAFF_ROUTES)
def test_anonymous_visitor_is_sent_to_login(client: Client, name: str) -> None:
    response = client.get(_url(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", PORTAL_ROUTES)
def test_anonymous_visitor_is_sent_to_the_portal_login(client: Client, name: str) -> None:
    response = client.get(_url(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("applicant_portal:login"))


# --- end of Min Sida


@pytest.mark.parametrize("name", [n for n in STAFF_ROUTES if n.startswith("people:")])
@pytest.mark.parametrize("role", [Role.COMMUNICATOR, Role.ANALYST, Role.SURVEY_LEAD, Role.OBSERVER, Role.MANAGER])
def test_roles_without_registry_access_get_403(
    client: Client, make_staff: Callable[..., User], name: str, role: Role
) -> None:
    client.force_login(make_staff(role))
    assert client.get(_url(name)).status_code == 403


def test_staff_with_no_role_sees_no_figures(client: Client) -> None:
    client.force_login(User.objects.create_user(username="nobody", password="x"))
    response = client.get(reverse("core:start"))
    assert response.status_code == 200
    assert response.context["summary"] is None


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMINISTRATOR])
def test_admin_site_is_for_administrators_only(client: Client, make_staff: Callable[..., User], role: Role) -> None:
    user = make_staff(role)
    user.is_staff = True  # even a staff flag set by mistake does not open the admin
    user.save()
    client.force_login(user)
    assert client.get("/admin/").status_code == 302


def test_administrator_reaches_admin_site(client: Client, make_staff: Callable[..., User]) -> None:
    client.force_login(make_staff(Role.ADMINISTRATOR))
    assert client.get("/admin/").status_code == 200


def test_roles_in_the_database_match_the_code() -> None:
    from django.contrib.auth.models import Group

    from lika.accounts.roles import ROLE_PERMISSIONS

    for role, permissions in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        if role is Role.ADMINISTRATOR:
            assert "people.view_protected_person" in held
        else:
            assert held == set(permissions)
