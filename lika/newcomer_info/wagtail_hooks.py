"""Wagtail hooks of Om Sverige."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import DateColumn, LocaleColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from lika.newcomer_info.content import source_locale
from lika.newcomer_info.review_views import TranslationReviewView, translation_review_record
from lika.newcomer_info.selectors import translation_for_reader
from lika.newcomer_info.translation_flow import SUBMIT_PAGE_PATH, DraftPageTranslationView

# --- Serving public pages -----------------------------------------------------------------------


@hooks.register("before_serve_page")  # type: ignore[untyped-decorator]  # Wagtail ships no types
def redirect_to_the_readers_translation(
    page: Page, request: HttpRequest, args: Any, kwargs: Any
) -> HttpResponse | None:
    """Sends a reader to the page's translation in the language their address asks for.

    Where a language has no translation of the start page, Wagtail serves the Swedish tree under that
    language's prefix (``/ar/om-sverige/arbete/`` shows the Swedish text in a right-to-left page
    claiming to be Arabic); where wagtail-localize keeps an untranslated alias, the text is Swedish too.
    The reader goes to the translation in their language, else English, else Swedish instead, so
    that every address names the language of its text (decision 0008).
    """
    language = translation.get_language() or ""
    if page.locale.language_code == language and page.alias_of_id is None:
        return None
    target = translation_for_reader(page, language)
    url = target.get_url(request) if target is not None else None
    if not url or url == request.path:
        return None
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


# --- Starting a translation -------------------------------------------------------------------


# Before wagtail-localize's own address (order=-1), so that its "Translate" form posts to this view.
@hooks.register("register_admin_urls", order=-1)  # type: ignore[untyped-decorator]  # Wagtail ships no types
def register_draft_translation_url() -> list[URLPattern]:
    return [path(SUBMIT_PAGE_PATH, DraftPageTranslationView.as_view(), name="om_sverige_submit_page_translation")]


# --- Report: translations older than their Swedish page -----------------------------------------
# Communicators see in Reports → "Translations to update" which translated pages were last
# published before their Swedish page was published again, so that no reader keeps getting an
# outdated text in their language unnoticed.


def stale_translations() -> QuerySet[Page]:
    """Translated pages published before their Swedish page was last published, or never published.

    The Swedish page's title, id and last publication come along as ``source_title``, ``source_id``
    and ``source_published``, in the same query. Aliases (copies wagtail-localize keeps in step by
    itself) are not translations and are left out; so are pages whose Swedish page is not published.
    """
    source = source_locale()
    swedish = Page.objects.filter(translation_key=OuterRef("translation_key"), locale=source)
    pages: QuerySet[Page] = (
        Page.objects.filter(depth__gt=1, alias_of__isnull=True)
        .exclude(locale=source)
        .annotate(
            source_id=Subquery(swedish.values("pk")[:1]),
            source_title=Subquery(swedish.values("title")[:1]),
            source_published=Subquery(swedish.values("last_published_at")[:1]),
        )
        .filter(source_published__isnull=False)
        .filter(Q(last_published_at__isnull=True) | Q(last_published_at__lt=F("source_published")))
        .select_related("locale")
        .order_by("source_title", "locale__language_code")
    )
    return pages


class StaleTranslationsView(ReportView):
    """Lists the translations to update, with a link to the Swedish page and one to edit the translation."""

    page_title = gettext_lazy("Translations to update")
    header_icon = "warning"
    index_url_name = "om_sverige_stale_translations"
    index_results_url_name = "om_sverige_stale_translations_results"
    model = Page
    any_permission_required: ClassVar[list[str]] = ["add", "change", "publish"]
    no_results_message = gettext_lazy("Every translation was published after its Swedish page.")
    columns: ClassVar[list[Any]] = [
        TitleColumn(
            "source_title",
            label=gettext_lazy("Swedish page"),
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.source_id]),
        ),
        LocaleColumn(label=gettext_lazy("Language")),
        DateColumn("source_published", label=gettext_lazy("Swedish page last published")),
        DateColumn("last_published_at", label=gettext_lazy("Translation last published")),
        TitleColumn(
            "title",
            label=gettext_lazy("Edit the translation"),
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ),
    ]
    list_export: ClassVar[list[str]] = ["source_title", "locale", "source_published", "last_published_at", "title"]

    def get_queryset(self) -> QuerySet[Page]:
        return stale_translations()


class StaleTranslationsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        shown: bool = PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"])
        return shown


@hooks.register("register_admin_urls")  # type: ignore[untyped-decorator]  # Wagtail ships no types
def register_stale_translations_urls() -> list[URLPattern]:
    return [
        path(
            "reports/om-sverige-translations-to-update/",
            StaleTranslationsView.as_view(),
            name="om_sverige_stale_translations",
        ),
        path(
            "reports/om-sverige-translations-to-update/results/",
            StaleTranslationsView.as_view(results_only=True),
            name="om_sverige_stale_translations_results",
        ),
    ]


@hooks.register("register_reports_menu_item")  # type: ignore[untyped-decorator]  # Wagtail ships no types
def register_stale_translations_menu_item() -> MenuItem:
    return StaleTranslationsMenuItem(
        gettext_lazy("Translations to update"),
        reverse("om_sverige_stale_translations"),
        name="om-sverige-translations-to-update",
        icon_name="warning",
        order=1150,
    )


# --- Review of translations by a qualified translator (lika/newcomer_info/review.py) -------------


@hooks.register("register_admin_urls")  # type: ignore[untyped-decorator]  # Wagtail ships no types
def register_translation_review_urls() -> list[URLPattern]:
    return [
        path(
            "reports/om-sverige-translation-review/",
            TranslationReviewView.as_view(),
            name="om_sverige_translation_review",
        ),
        path(
            "reports/om-sverige-translation-review/results/",
            TranslationReviewView.as_view(results_only=True),
            name="om_sverige_translation_review_results",
        ),
        path(
            "reports/om-sverige-translation-review/<int:page_id>/",
            translation_review_record,
            name="om_sverige_translation_review_record",
        ),
    ]


@hooks.register("register_reports_menu_item")  # type: ignore[untyped-decorator]  # Wagtail ships no types
def register_translation_review_menu_item() -> MenuItem:
    return StaleTranslationsMenuItem(
        gettext_lazy("Translation review"),
        reverse("om_sverige_translation_review"),
        name="om-sverige-translation-review",
        icon_name="tick",
        order=1160,
    )
