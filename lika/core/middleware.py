"""Responses that hold personal data are never kept by a browser or a proxy.

Staff pages show the registry, decisions and payments; Min Sida shows a newcomer's own case; letters
and exports are documents about people. A shared computer's browser cache, or a proxy, must not keep
any of them: every response to a logged-in member of staff, and every response under Min Sida, is
sent with ``Cache-Control: no-store`` unless the view has said otherwise. Public pages (Om Sverige)
keep their own caching.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

PERSONAL_PREFIXES = ("/min-sida/",)


class PersonalNoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or request.path_info.startswith(PERSONAL_PREFIXES)
        if personal and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response
