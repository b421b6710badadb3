"""Om Sverige's page types: the start page, topic pages and the accessibility statement.

Swedish is the source language. Every other language has its own tree of translations made with
wagtail-localize; a page's address begins with its language (``/sv/om-sverige/...``).
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from lika.core.translation_review import ReviewState
from lika.newcomer_info.blocks import AuthorityLinksBlock, BodyBlock, InaccessibleContentBlock


class OmSverigeIndexPage(Page):
    """The start page of Om Sverige in one language: a short welcome and the list of topics."""

    intro: models.TextField[str, str] = models.TextField(
        _("introduction"), blank=True, help_text=_("Two or three short sentences.")
    )

    content_panels: ClassVar[list[Any]] = [*Page.content_panels, FieldPanel("intro")]
    search_fields: ClassVar[list[Any]] = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types: ClassVar[list[str]] = ["wagtailcore.Page"]
    subpage_types: ClassVar[list[str]] = ["newcomer_info.TopicPage", "newcomer_info.AccessibilityStatementPage"]
    template = "newcomer_info/pages/index_page.html"

    class Meta:
        verbose_name = _("Om Sverige start page")
        verbose_name_plural = _("Om Sverige start pages")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["topics"] = TopicPage.objects.child_of(self).live().public().in_menu().order_by("path")
        return context


class TopicPage(Page):
    """One topic for people newly granted a permit: what it means for them, and where to go next."""

    summary: models.TextField[str, str] = models.TextField(
        _("in short"),
        max_length=400,
        help_text=_("One or two sentences shown at the top of the page and in the list of topics."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("text"), blank=True)
    authority_links = StreamField(
        AuthorityLinksBlock(),
        verbose_name=_("where to go next"),
        blank=True,
        help_text=_("Link to the authority that serves the topic; never copy its text."),
    )
    quick_exit: models.BooleanField[bool, bool] = models.BooleanField(
        _("quick-exit button"),
        default=False,
        help_text=_(
            "For pages about violence: a button that leaves the page at once for a neutral site. "
            "Give such a page a neutral title for the browser tab and a neutral address too."
        ),
    )

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("authority_links"),
    ]
    promote_panels: ClassVar[list[Any]] = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("quick_exit")], heading=_("Safety")),
    ]
    search_fields: ClassVar[list[Any]] = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types: ClassVar[list[str]] = ["newcomer_info.OmSverigeIndexPage"]
    subpage_types: ClassVar[list[str]] = []
    template = "newcomer_info/pages/topic_page.html"

    class Meta:
        verbose_name = _("topic page")
        verbose_name_plural = _("topic pages")


class ComplianceStatus(models.TextChoices):
    # The three levels Digg's model statement uses (lag 2018:1937, MDFFS 2019:2).
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class AccessibilityStatementPage(Page):
    """The accessibility statement (tillgänglighetsredogörelse) with the parts Digg requires.

    The headings and the part about Digg's supervision come from the template, in every language;
    the facts of this site are fields an editor keeps up to date.
    """

    compliance_status: models.CharField[str, str] = models.CharField(
        _("how far the site meets the requirements"),
        max_length=7,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.PARTIAL,
    )
    inaccessible_content = StreamField(
        [("item", InaccessibleContentBlock())],
        verbose_name=_("content that is not accessible"),
        blank=True,
    )
    contact_email: models.EmailField[str, str] = models.EmailField(_("e-mail for reporting problems"))
    contact_phone: models.CharField[str, str] = models.CharField(
        _("phone for reporting problems"), max_length=40, blank=True
    )
    response_time: models.CharField[str, str] = models.CharField(
        _("when we answer"), max_length=200, help_text=_("E.g. 'We answer within two working days.'")
    )
    assessment_method: models.TextField[str, str] = models.TextField(
        _("how the site was tested"), help_text=_("Who tested it, how, and against which standard.")
    )
    prepared_on: models.DateField[datetime.date, datetime.date] = models.DateField(_("statement first written on"))
    reviewed_on: models.DateField[datetime.date, datetime.date] = models.DateField(_("statement last reviewed on"))

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        FieldPanel("compliance_status"),
        FieldPanel("inaccessible_content"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("response_time")],
            heading=_("Reporting problems"),
        ),
        MultiFieldPanel(
            [FieldPanel("assessment_method"), FieldPanel("prepared_on"), FieldPanel("reviewed_on")],
            heading=_("How this statement was made"),
        ),
    ]
    parent_page_types: ClassVar[list[str]] = ["newcomer_info.OmSverigeIndexPage"]
    subpage_types: ClassVar[list[str]] = []
    template = "newcomer_info/pages/accessibility_statement.html"

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")


class PageTranslationReview(models.Model):
    """Whether a translated page has been reviewed by a qualified translator: who, and when.

    A translated page without a row is a draft by the team. Kept apart from the page's own fields,
    which wagtail-localize copies from the Swedish page when it syncs a translation.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translation_review", verbose_name=_("page")
    )
    state: models.CharField[str, str] = models.CharField(
        _("review"), max_length=8, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    reviewer: models.CharField[str, str] = models.CharField(
        _("reviewed by"), max_length=200, blank=True, help_text=_("The qualified translator's name and qualification.")
    )
    reviewed_on: models.DateField[datetime.date | None, datetime.date | None] = models.DateField(
        _("reviewed on"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at: models.DateTimeField[datetime.datetime, datetime.datetime] = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("translation review")
        verbose_name_plural = _("translation reviews")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.state}"
