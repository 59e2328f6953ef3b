"""Name the kind of a failed request, so faults are counted per source and kind."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectError,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure


def error_kind(failure: Failure) -> str:
    """robots_forbidden, timeout, dns, connection, http_4xx, http_5xx, too_large or other."""
    error = failure.value
    if isinstance(error, IgnoreRequest):
        return "robots_forbidden" if "robots.txt" in str(error) else "ignored"
    if isinstance(error, HttpError):
        status = error.response.status
        return "http_4xx" if 400 <= status < 500 else "http_5xx"
    if isinstance(error, TimeoutError | TCPTimedOutError):
        return "timeout"
    if isinstance(error, DNSLookupError):
        return "dns"
    if isinstance(error, ConnectionRefusedError | ConnectError):
        return "connection"
    message = str(error)
    if "maxsize" in message or "Cancelling download" in message or "larger than" in message:
        return "too_large"
    return "other"
