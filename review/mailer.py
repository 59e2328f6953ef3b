"""SMTP delivery: LEADRADAR_SMTP_URL parsed, one connection reused, transient failures retried."""

from __future__ import annotations

import re
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
TRUE = ("1", "true", "yes", "on")
SERVER_WIDE = (ssl.SSLError, smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError)


class MailConfigError(ValueError):
    """A mail setting (SMTP URL, address) is malformed; str() names it."""


class MailError(RuntimeError):
    """A message could not be delivered; str() is one line saying why."""


class MailServerUnavailable(MailError):
    """The SMTP server cannot be reached or keeps dropping the connection."""


def header_text(value: str) -> str:
    """Text safe for a mail header: control characters (CR, LF, …) become one space."""
    return _CONTROL.sub(" ", value).strip()


def mail_address(text: str) -> str:
    """A single plain address (`name@host`), or MailConfigError."""
    if _CONTROL.search(text) or "," in text:
        raise MailConfigError(f"not a single mail address: {text!r}")
    try:
        address = Address(addr_spec=text.strip())
    except (ValueError, IndexError, HeaderParseError):
        raise MailConfigError(f"not a mail address: {text!r}") from None
    if not address.domain:
        raise MailConfigError(f"mail address without a domain: {text!r}")
    return address.addr_spec


@dataclass(frozen=True)
class SmtpTarget:
    """Where and how to hand mail over: host, port, TLS mode and optional login."""

    host: str
    port: int
    use_ssl: bool = False
    starttls: bool = False
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    cafile: str | None = None  # a private CA's certificate, for an internal mail server
    timeout_s: float = 30.0

    def __str__(self) -> str:
        scheme = "smtps" if self.use_ssl else "smtp"
        login = f"{self.user}@" if self.user else ""
        return f"{scheme}://{login}{self.host}:{self.port}{'?starttls=1' if self.starttls else ''}"


def parse_smtp_url(url: str) -> SmtpTarget:
    """`smtp://user:pass@host:port?starttls=1` or `smtps://…` (user and password URL-quoted).

    `&cafile=/path/ca.pem` trusts a private certificate authority besides the system's.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailConfigError("LEADRADAR_SMTP_URL must look like smtp://user:pass@host:port")
    try:
        port = parts.port
    except ValueError:
        raise MailConfigError("LEADRADAR_SMTP_URL has a bad port") from None
    use_ssl = parts.scheme == "smtps"
    query = parse_qs(parts.query)
    starttls = query.get("starttls", ["0"])[0].lower() in TRUE
    return SmtpTarget(
        host=parts.hostname, port=port or (465 if use_ssl else 587 if starttls else 25),
        use_ssl=use_ssl, starttls=starttls and not use_ssl,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        cafile=query.get("cafile", [None])[0],
    )  # fmt: skip


def _transient(exc: Exception) -> bool:
    """Worth another try: connection trouble or a 4xx answer."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, OSError | smtplib.SMTPServerDisconnected)


class Mailer:
    """`with Mailer(target) as mailer: mailer.send(message)`; reconnects and retries as needed."""

    def __init__(
        self, target: SmtpTarget, attempts: int = 3, backoff_s: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:  # fmt: skip
        self.target, self.attempts, self.backoff_s, self._sleep = target, attempts, backoff_s, sleep
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def send(self, message: EmailMessage) -> None:
        """Hand one message over; MailError when refused for good or still failing at the end."""
        for attempt in range(1, self.attempts + 1):
            try:
                self._connection().send_message(message)
                return
            except (OSError, smtplib.SMTPException) as exc:
                self.close()
                if isinstance(exc, SERVER_WIDE):  # every message would fail
                    raise MailServerUnavailable(f"{self.target}: {_one_line(exc)}") from None
                if not _transient(exc):
                    raise MailError(f"{self.target}: refused: {_one_line(exc)}") from None
                if attempt == self.attempts:
                    raise self._gave_up(exc) from None
                self._sleep(self.backoff_s * 2 ** (attempt - 1))

    def _gave_up(self, exc: Exception) -> MailError:
        reason = f"{self.target}: failed {self.attempts} times: {_one_line(exc)}"
        if isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
            return MailError(reason)
        return MailServerUnavailable(reason)

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            self._smtp = self._open()
        return self._smtp

    def _open(self) -> smtplib.SMTP:
        """Connect, then STARTTLS and log in as the URL says (the socket is closed on failure)."""
        target, context = self.target, ssl.create_default_context()
        if target.cafile:
            context.load_verify_locations(cafile=target.cafile)
        smtp = (
            smtplib.SMTP_SSL(target.host, target.port, timeout=target.timeout_s, context=context)
            if target.use_ssl
            else smtplib.SMTP(target.host, target.port, timeout=target.timeout_s)
        )  # fmt: skip
        try:
            if target.starttls:
                smtp.starttls(context=context)
            if target.user:
                smtp.login(target.user, target.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")
