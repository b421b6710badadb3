from django.urls import path

from lika.accounts import dev_provider, views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.login, name="login"),
    path("logga-in/myndighetskonto/", views.oidc_start, name="oidc_start"),
    path("logga-in/myndighetskonto/svar/", views.oidc_callback, name="oidc_callback"),
    path("logga-ut/", views.logout, name="logout"),
    # The development identity provider for staff: 404 unless settings.LIKA_STAFF_DEV_PROVIDER is on.
    path("dev-idp/.well-known/openid-configuration", dev_provider.discovery, name="dev_idp_discovery"),
    path("dev-idp/authorize", dev_provider.authorize, name="dev_idp_authorize"),
    path("dev-idp/token", dev_provider.token, name="dev_idp_token"),
    path("dev-idp/jwks", dev_provider.jwks, name="dev_idp_jwks"),
    path("dev-idp/userinfo", dev_provider.userinfo, name="dev_idp_userinfo"),
]
