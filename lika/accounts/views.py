from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

from lika.accounts.access import public_view


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_form(self, form_class: type[AuthenticationForm] | None = None) -> AuthenticationForm:
        form = super().get_form(form_class)
        # Autofocus would jump past the page's heading and skip link, which confuses screen readers.
        form.fields["username"].widget.attrs.pop("autofocus", None)
        return form


login = public_view(LoginView.as_view())
# Logging out only works by POST (Django refuses GET), so it is safe for anyone to reach.
logout = public_view(auth_views.LogoutView.as_view())
