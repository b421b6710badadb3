"""Integrating systems' API tokens in the admin: issue (the token is shown once), see, revoke; never edit or delete."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lika.accounts.models import User
from lika.audit.acting import Acting
from lika.integrations.models import ApiToken
from lika.integrations.services import api_token_issue, api_token_revoke, api_token_values_check


class ApiTokenIssueForm(forms.ModelForm[ApiToken]):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        help_text=gettext_lazy("Why the system needs a token, for the audit trail."),
    )

    class Meta:
        model = ApiToken
        fields = ("system", "requests_per_minute", "expires_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requests_per_minute"].initial = settings.LIKA_API_TOKEN_PER_MINUTE

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if {"system", "requests_per_minute"} <= cleaned.keys():
            try:
                api_token_values_check(
                    system=cleaned["system"],
                    requests_per_minute=cleaned["requests_per_minute"],
                    expires_on=cleaned.get("expires_on"),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


def _acting(request: HttpRequest, reason: str) -> Acting:
    return Acting(actor=request.user if isinstance(request.user, User) else None, reason=reason, actor_label="admin")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("system", "prefix", "requests_per_minute", "expires_on", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("system", "prefix")
    actions = ("revoke",)
    readonly_fields = ("prefix", "created_at", "created_by", "last_used_at", "revoked_at")

    def get_form(self, request: HttpRequest, obj: ApiToken | None = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ApiTokenIssueForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> Any:
        if obj is None:
            return ("system", "requests_per_minute", "expires_on", "reason")
        return ("system", "prefix", "requests_per_minute", "expires_on", *self.readonly_fields[1:])

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> Any:
        # An issued token is not edited: a system that needs another limit or last day gets a new token.
        if obj is not None:
            return ("system", "prefix", "requests_per_minute", "expires_on", *self.readonly_fields[1:])
        return ()

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        issued, text = api_token_issue(
            acting=_acting(request, form.cleaned_data["reason"]),
            system=form.cleaned_data["system"],
            requests_per_minute=form.cleaned_data["requests_per_minute"],
            expires_on=form.cleaned_data.get("expires_on"),
        )
        obj.pk, obj.prefix, obj.created_at = issued.pk, issued.prefix, issued.created_at
        messages.warning(
            request,
            _(
                "Copy the token for %(system)s now and give it to the system's administrators in a safe way: "
                "Lika keeps only a fingerprint of it and cannot show it again. The token: %(token)s"
            )
            % {"system": issued.system, "token": text},
        )

    @admin.action(description=gettext_lazy("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(acting=_acting(request, "Revoked in the admin"), token=token)
            revoked += 1
        messages.success(request, _("Tokens revoked: %(count)s.") % {"count": revoked})

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        # A token is revoked, never deleted: the audit trail refers to it.
        return False
