"""Which requests count as a person's visit: browsers yes; robots, previews and prefetches no."""

from __future__ import annotations

import pytest

from lika.newcomer_info.visitors import request_is_prefetch, user_agent_is_robot, visit_is_counted

# User agents as browsers on phones and computers send them (shortened where long).
BROWSERS = [
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
    # Facebook's and Instagram's own in-app browsers are people reading a post.
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0]",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 Instagram 340.0",
]
ROBOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1)",
    "Twitterbot/1.0",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "TelegramBot (like TwitterBot)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "Wget/1.21.4",
    "Go-http-client/2.0",
    "",
    "   ",
]


@pytest.mark.parametrize("user_agent", BROWSERS)
def test_browsers_are_people(user_agent: str) -> None:
    assert not user_agent_is_robot(user_agent)
    assert visit_is_counted(method="GET", headers={"User-Agent": user_agent})


@pytest.mark.parametrize("user_agent", ROBOTS)
def test_robots_previews_tools_and_missing_user_agents_are_not(user_agent: str) -> None:
    assert user_agent_is_robot(user_agent)
    assert not visit_is_counted(method="GET", headers={"User-Agent": user_agent})


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch;prerender"},
        {"Purpose": "Prefetch"},
        {"X-Moz": "prefetch"},
    ],
)
def test_prefetches_are_not_visits(headers: dict[str, str]) -> None:
    assert request_is_prefetch(headers)
    assert not visit_is_counted(method="GET", headers={"User-Agent": BROWSERS[0], **headers})


@pytest.mark.parametrize("method", ["HEAD", "POST", "OPTIONS"])
def test_only_get_is_a_visit(method: str) -> None:
    assert not visit_is_counted(method=method, headers={"User-Agent": BROWSERS[0]})
