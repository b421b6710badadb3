"""Min Sida's addresses. The login routes are public; every other page is a portal view."""

from __future__ import annotations

from django.urls import include, path

from lika.applicant_portal import demo_outbox, dev_provider, login_views

app_name = "applicant_portal"

urlpatterns = [
    path("", login_views.start, name="start"),
    path("logga-in/", login_views.login, name="login"),
    path("logga-in/e-legitimation/", login_views.oidc_start, name="oidc_start"),
    path("logga-in/e-legitimation/svar/", login_views.oidc_callback, name="oidc_callback"),
    path("logga-in/kod/", login_views.code_request, name="code_request"),
    path("logga-in/kod/ange/", login_views.code_verify, name="code_verify"),
    path("logga-ut/", login_views.logout, name="logout"),
    path("session/forlang/", login_views.session_extend, name="session_extend"),
    # The development provider answers 404 unless settings.LIKA_PORTAL_DEV_PROVIDER is on (local and test).
    path("demo-inkorg/", demo_outbox.demo_outbox, name="demo_outbox"),
    path("dev-idp/.well-known/openid-configuration", dev_provider.discovery, name="dev_idp_discovery"),
    path("dev-idp/authorize", dev_provider.authorize, name="dev_idp_authorize"),
    path("dev-idp/token", dev_provider.token, name="dev_idp_token"),
    path("dev-idp/jwks", dev_provider.jwks, name="dev_idp_jwks"),
    path("dev-idp/userinfo", dev_provider.userinfo, name="dev_idp_userinfo"),
    # The person's own pages: timeline, documents, messages.
    path("", include("lika.applicant_portal.portal_urls")),
]
