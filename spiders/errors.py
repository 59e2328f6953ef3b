"""Name the kind of a failed request, so faults are counted per source and kind."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectError,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

TIMEOUTS = (TimeoutError, TCPTimedOutError, DownloadTimeoutError)
UNREACHABLE = (ConnectionRefusedError, ConnectError, DownloadConnectionRefusedError)


def error_kind(failure: Failure) -> str:
    """http_4xx, http_5xx, robots_forbidden, redirect_loop, timeout, dns, connection, too_large, other."""
    error = failure.value
    if isinstance(error, HttpError):  # before IgnoreRequest: HttpError is one
        status = error.response.status
        return "http_4xx" if 400 <= status < 500 else "http_5xx"
    if isinstance(error, IgnoreRequest):
        return _ignored_kind(str(error))
    if isinstance(error, TIMEOUTS):
        return "timeout"
    if isinstance(error, DNSLookupError | CannotResolveHostError):
        return "dns"
    if isinstance(error, UNREACHABLE):
        return "connection"
    message = str(error)
    if (
        isinstance(error, DownloadCancelledError)
        or "maxsize" in message
        or "larger than" in message
    ):
        return "too_large"
    return "other"


def _ignored_kind(message: str) -> str:
    if "robots.txt" in message:
        return "robots_forbidden"
    if "redirect" in message:
        return "redirect_loop"
    return "ignored"
