"""Logs as one JSON object a line, each with the request it belongs to, and no personal data.

:class:`RequestIdMiddleware` gives every request an id — the ``X-Request-ID`` the proxy sent, when it
is a plain token, else a new one — sends it back in the answer's ``X-Request-ID``, and puts it on every
log record written while the request runs; it also writes one line per request (``lika.request``:
method, URL pattern, status, milliseconds) and feeds the latency metric (:mod:`lika.core.metrics`).

What is logged is chosen so that no person can be read from it: the URL *pattern*, never the address
with its ids or query string (a search for a name); no user name, client address or user agent. As a
second line of defence :class:`JsonFormatter` masks anything in a message that looks like a Swedish
personal identity number, an e-mail address or a phone number.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("lika_request_id", default="")
_GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("lika.request")

# Personal identity numbers (YYMMDD-NNNN, YYYYMMDDNNNN, with - or +), e-mail addresses, phone numbers.
_PERSONAL = re.compile(
    r"\b(?:19|20)?\d{6}[-+]?\d{4}\b"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    r"|(?<![\w/])\+?\d[\d -]{7,}\d\b"
)
MASK = "[masked]"
# Record attributes every log record has; anything else was passed in ``extra`` and is logged as a field.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request", "taskName"}


def request_id() -> str:
    """The id of the request being served ('' outside one)."""
    return _request_id.get()


def personal_mask(text: str) -> str:
    """``text`` with personal numbers, e-mail addresses and phone numbers masked.

    >>> personal_mask("Login failed for 199001011234, amina@example.org, 070-123 45 67 at /register/12/")
    'Login failed for [masked], [masked], [masked] at /register/12/'
    """
    return _PERSONAL.sub(MASK, text)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, and the fields given in ``extra``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": personal_mask(record.getMessage()),
        }
        if rid := request_id():
            entry["request_id"] = rid
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, int | float | bool | None) else personal_mask(str(value))
        if record.exc_info:
            entry["exception"] = personal_mask(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class RequestIdMiddleware:
    """Gives each request an id for its log lines and answer, logs it in one line and times it for the metrics."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        # Imported here, not above: the logging set-up imports this module before Django's apps are ready.
        from lika.core.metrics import request_observe

        self.get_response = get_response
        self.observe = request_observe

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _GIVEN_ID.match(given) else uuid.uuid4().hex
        token = _request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            response["X-Request-ID"] = rid
            self.observe(request, response.status_code, seconds)
            match = getattr(request, "resolver_match", None)
            access_log.info(
                "request",
                extra={
                    "method": request.method,
                    "route": (match.route or match.view_name) if match is not None else "(unmatched)",
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
            return response
        finally:
            _request_id.reset(token)
