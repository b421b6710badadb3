"""Om Sverige's page tree: the start page every installation has, in the source language.

Wagtail creates a placeholder page and site when it is installed. :func:`om_sverige_install` puts
Om Sverige's Swedish start page in their place, once; the topics themselves are written by
communicators (or loaded from Lika's own texts, see :mod:`lika.newcomer_info.topics`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.newcomer_info.models import OmSverigeIndexPage

START_PAGE_TITLE = "Om Sverige"
START_PAGE_SLUG = "om-sverige"
# The page Wagtail's first migration creates; it is replaced only while it is still this.
_WAGTAIL_PLACEHOLDER_TITLE = "Welcome to your new Wagtail site!"


def source_locale() -> Locale:
    """The locale pages are written in first: Swedish (``settings.LANGUAGE_CODE``), created if missing."""
    locale: Locale = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]
    return locale


def om_sverige_start_page() -> OmSverigeIndexPage | None:
    """The Swedish start page of Om Sverige, or None before :func:`om_sverige_install` has run."""
    page: OmSverigeIndexPage | None = (
        OmSverigeIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE, depth=2)
        .order_by("path")
        .first()
    )
    return page


@transaction.atomic
def om_sverige_install(*, acting: Acting) -> OmSverigeIndexPage:
    """Creates Om Sverige's Swedish start page and makes it the root of the default site.

    Running it again changes nothing. Wagtail's placeholder page is deleted while no one has
    changed it; a site or page an editor made is left alone.
    """
    acting.require_reason()
    # Migration 0003 makes these; a database emptied since (a test's flush) lacks them.
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    start = om_sverige_start_page()
    if start is None:
        root = Page.get_first_root_node()
        if root is None:
            # Wagtail's migration makes the tree's root; a database emptied since (a test's flush) lacks it.
            root = Page.add_root(instance=Page(title="Root", slug="root", locale=source_locale()))
        start = OmSverigeIndexPage(
            title=START_PAGE_TITLE,
            slug=START_PAGE_SLUG,
            locale=source_locale(),
            intro="",
            show_in_menus=False,
        )
        root.add_child(instance=start)
        start.save_revision().publish()
        acting.audit(Action.OM_SVERIGE_INSTALL, ("wagtailcore.page", start.pk), {"title": start.title})
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=start, is_default_site=True, site_name="Lika")
    elif site.root_page_id != start.pk:
        placeholder = site.root_page
        site.root_page = start
        site.site_name = site.site_name or "Lika"
        site.save()
        if placeholder.title == _WAGTAIL_PLACEHOLDER_TITLE and placeholder.depth == 2 and placeholder.is_leaf():
            placeholder.delete()
    return start
