"""Starting a translation in Wagtail makes a draft, never a live page with Swedish text.

wagtail-localize's "Translate" copies the Swedish page into the other language's tree; the copy
holds the Swedish text until a translator replaces it. Two things would put that copy live:

* by default it publishes the copy at once when the Swedish page is live; the setting
  ``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False`` makes it a draft instead;
* translating a page whose parent has no translation puts a live alias of the parent into the
  language's tree, and translating that parent later turns the alias into a page of its own, still
  live, with Swedish text. :class:`DraftPageTranslationView` takes such pages offline again.

Readers are not affected by aliases: :mod:`lika.newcomer_info.wagtail_hooks` sends them on to the
page's real translation in their language, else English, else Swedish.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpResponse
from wagtail.models import Page
from wagtail_localize.views.submit_translations import SubmitPageTranslationView

# The address wagtail-localize gives its "Translate" form under /cms/, which this view takes over.
SUBMIT_PAGE_PATH = "localize/submit/page/<int:page_id>/"


def _live_translated_pages(locales: Any) -> set[int]:
    """The ids of pages with text of their own (not aliases) that are live in ``locales``."""
    return set(Page.objects.filter(locale__in=locales, live=True, alias_of__isnull=True).values_list("pk", flat=True))


class DraftPageTranslationView(SubmitPageTranslationView):  # type: ignore[misc]  # wagtail-localize ships no types
    """wagtail-localize's "Translate page", after which no page the translation touched is newly live."""

    @transaction.atomic
    def form_valid(self, form: Any) -> HttpResponse:
        # A list now: the form's queryset leaves out languages the page has a translation in, which
        # after the translation below would be every language chosen.
        locales = list(form.cleaned_data["locales"])
        live_before = _live_translated_pages(locales)
        response: HttpResponse = super().form_valid(form)
        for page_id in sorted(_live_translated_pages(locales) - live_before):
            # An alias just turned into a page of its own: it shows Swedish text until translated.
            Page.objects.get(pk=page_id).specific.unpublish(user=self.request.user)
        return response
