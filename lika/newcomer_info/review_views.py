"""Wagtail's "Translation review" report and the form on which a communicator records a review."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.ui.tables import Column, DateColumn, LocaleColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from lika.audit.acting import Acting
from lika.core.forms import refusal_show
from lika.core.translation_review import ReviewState
from lika.newcomer_info.models import PageTranslationReview
from lika.newcomer_info.review import page_translation_review_record

PERMISSION = "newcomer_info.change_pagetranslationreview"


def translated_pages() -> QuerySet[Page]:
    """Every translated page (not Swedish, not an alias) with its review state, reviewer and date."""
    reviews = PageTranslationReview.objects.filter(page_id=OuterRef("pk"))
    pages: QuerySet[Page] = (
        Page.objects.filter(depth__gt=1, alias_of__isnull=True)
        .exclude(locale__language_code=settings.LANGUAGE_CODE)
        .annotate(
            review_state=Subquery(reviews.values("state")[:1]),
            reviewer=Subquery(reviews.values("reviewer")[:1]),
            reviewed_on=Subquery(reviews.values("reviewed_on")[:1]),
        )
        .select_related("locale")
        .order_by("locale__language_code", "path")
    )
    return pages


def _state_label(page: Page) -> str:
    return str(ReviewState(getattr(page, "review_state", None) or ReviewState.DRAFT).label)


class TranslationReviewView(ReportView):  # type: ignore[misc]  # Wagtail ships no types
    """Lists every translated page, whether a qualified translator has reviewed it, and a link to record it."""

    page_title = gettext_lazy("Translation review")
    header_icon = "tick"
    index_url_name = "om_sverige_translation_review"
    index_results_url_name = "om_sverige_translation_review_results"
    model = Page
    any_permission_required: ClassVar[list[str]] = ["add", "change", "publish"]
    no_results_message = gettext_lazy("No page is translated yet.")
    columns: ClassVar[list[Any]] = [
        TitleColumn(
            "title",
            label=gettext_lazy("Record the review"),
            get_url=lambda page: reverse("om_sverige_translation_review_record", args=[page.pk]),
        ),
        LocaleColumn(label=gettext_lazy("Language")),
        Column("review_state", label=gettext_lazy("Review"), accessor=_state_label),
        Column("reviewer", label=gettext_lazy("Reviewed by")),
        DateColumn("reviewed_on", label=gettext_lazy("Reviewed on")),
    ]
    list_export: ClassVar[list[str]] = ["title", "locale", "review_state", "reviewer", "reviewed_on"]

    def get_queryset(self) -> QuerySet[Page]:
        return translated_pages()


class ReviewForm(forms.Form):
    state = forms.ChoiceField(label=gettext_lazy("Review"), choices=ReviewState.choices, widget=forms.RadioSelect)
    reviewer = forms.CharField(
        label=gettext_lazy("Reviewed by"),
        required=False,
        help_text=gettext_lazy("The qualified translator's name and qualification."),
    )
    reviewed_on = forms.DateField(
        label=gettext_lazy("Reviewed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=gettext_lazy("Why"), help_text=gettext_lazy("E.g. the translator's report, or: text changed.")
    )


@require_http_methods(["GET", "POST"])
def translation_review_record(request: HttpRequest, page_id: int) -> HttpResponse:
    """Shows and records the review state of one translated page."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    page = get_object_or_404(Page.objects.select_related("locale"), pk=page_id)
    review = PageTranslationReview.objects.filter(page_id=page.pk).first()
    initial: dict[str, object] = {"state": review.state if review else ReviewState.DRAFT}
    if review is not None:
        initial |= {"reviewer": review.reviewer, "reviewed_on": review.reviewed_on}
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        acting = Acting(actor=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        try:
            page_translation_review_record(
                acting=acting,
                page=page,
                state=form.cleaned_data["state"],
                reviewer=form.cleaned_data["reviewer"],
                reviewed_on=form.cleaned_data["reviewed_on"],
            )
        except ValidationError as error:
            refusal_show(form, error)
        else:
            messages.success(request, _("The review of “%(title)s” is recorded.") % {"title": page.title})
            return redirect("om_sverige_translation_review")
    context = {
        "form": form,
        "action_url": request.path,
        "page_title": _("Translation review"),
        "page_subtitle": f"{page.title} ({page.locale.get_display_name()})",
        "header_icon": "tick",
        "submit_button_label": _("Record"),
        "submit_button_active_label": _("Recording…"),
    }
    return render(request, "wagtailadmin/generic/form.html", context, status=400 if form.errors else 200)
