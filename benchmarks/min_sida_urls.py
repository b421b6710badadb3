"""Lika's URLs plus ``/bench/trivial/``, a view that does nothing: the yardstick for Min Sida's pages.

Only the benchmark's settings use this; the product has no such view.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from config.urls import urlpatterns as lika_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [path("bench/trivial/", trivial), *lika_urlpatterns]
