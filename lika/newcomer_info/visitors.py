"""Which requests count as a person's visit. Pure functions of the request headers; nothing is kept.

The user agent and the prefetch headers are read only to decide; they are never stored or logged.
The list of robots is deliberately short and documented in docs/channels.md: it catches the search
engines, the link previews of chat and social apps, and command-line tools. A robot that pretends to
be a browser is counted; the counts are meant for trends, not for billing.
"""

from __future__ import annotations

from collections.abc import Mapping

# Lower-case pieces of the User-Agent header that only robots and link previews send.
ROBOT_MARKERS = (
    "bot",  # Googlebot, bingbot, Applebot, Twitterbot, LinkedInBot, Slackbot, TelegramBot ...
    "crawler",
    "spider",  # Baiduspider, Bytespider
    "slurp",  # Yahoo
    "facebookexternalhit",  # Facebook's and Instagram's link preview
    "facebookcatalog",
    "whatsapp",  # WhatsApp fetches a preview; its users open links in their own browser
    "preview",  # SkypeUriPreview, Quora Link Preview ...
    "headlesschrome",
    "lighthouse",
    "python-requests",
    "python-urllib",
    "curl/",
    "wget/",
    "go-http-client",
)
# Phones whose model name happens to contain a robot marker.
NOT_ROBOTS = ("cubot",)
# The values of Sec-Purpose, Purpose, X-Purpose and X-Moz that mark a fetch nobody has asked to see yet.
PREFETCH_MARKERS = ("prefetch", "preview")


def user_agent_is_robot(user_agent: str) -> bool:
    """Whether the User-Agent header names a robot or is missing; every browser sends one.

    >>> user_agent_is_robot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    True
    >>> user_agent_is_robot("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari/604.1")
    False
    >>> user_agent_is_robot("Mozilla/5.0 (Linux; Android 10; CUBOT X30) Chrome/120.0 Mobile Safari/537.36")
    False
    >>> user_agent_is_robot("")
    True
    """
    text = user_agent.strip().lower()
    if not text:
        return True
    for phone in NOT_ROBOTS:
        text = text.replace(phone, "")
    return any(marker in text for marker in ROBOT_MARKERS)


def request_is_prefetch(headers: Mapping[str, str]) -> bool:
    """Whether the browser fetches the page ahead of a click (speculation, link prefetch, preview).

    >>> request_is_prefetch({"Sec-Purpose": "prefetch;prerender"})
    True
    >>> request_is_prefetch({"Accept": "text/html"})
    False
    """
    for name in ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz"):
        value = headers.get(name, "").lower()
        if any(marker in value for marker in PREFETCH_MARKERS):
            return True
    return False


def visit_is_counted(*, method: str, headers: Mapping[str, str]) -> bool:
    """Whether a request to a short path is a person's visit: a GET, by a browser, not a prefetch.

    >>> visit_is_counted(method="GET", headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"})
    True
    >>> visit_is_counted(method="HEAD", headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"})
    False
    """
    if method != "GET":
        return False
    return not user_agent_is_robot(headers.get("User-Agent", "")) and not request_is_prefetch(headers)
