"""The registry in Django's admin, read-only: every change goes through lika.people.services."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from lika.audit.admin import ReadOnlyAdmin
from lika.people import models


@admin.register(models.Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("dossier_number", "family_name", "given_name", "birth_date", "sex", "protected_identity")
    list_filter = ("sex", "protected_identity")
    search_fields = ("dossier_number", "family_name", "given_name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[models.Person]:
        # Protected persons are read in the registry pages, where every reading is recorded.
        return super().get_queryset(request).filter(protected_identity=False)


@admin.register(models.HouseholdMembership)
class HouseholdMembershipAdmin(ReadOnlyAdmin):
    list_display = ("household", "person", "role", "start_date", "end_date")
    raw_id_fields = ("household", "person")


for model in (
    models.Household,
    models.Guardianship,
    models.Partnership,
    models.AccommodationPeriod,
    models.LmaEligibilityPeriod,
    models.PermitApplication,
    models.PermitDecision,
):
    admin.site.register(model, ReadOnlyAdmin)
