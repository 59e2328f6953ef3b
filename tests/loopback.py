"""Real servers on loopback for tests: a free port, and an SMTP server that keeps what it gets."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


def free_port() -> int:
    """A loopback port nothing listens on now: for a server to start, or a connection to fail."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class Inbox:
    """An aiosmtpd handler: answers with queued `replies` first, then accepts and keeps mail."""

    def __init__(self, password: bytes = b"s3cret") -> None:
        self.password = password
        self.envelopes: list[Any] = []
        self.replies: list[str] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.replies:
            return self.replies.pop(0)
        self.envelopes.append(envelope)
        return "250 OK"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        """An aiosmtpd authenticator: any login with `password` succeeds; every try is kept."""
        assert isinstance(data, LoginPassword)
        self.logins.append((data.login, data.password))
        return AuthResult(success=data.password == self.password)

    def deliveries(self) -> list[tuple[tuple[str, ...], EmailMessage]]:
        """Each accepted message with the envelope's recipients, in the order received."""
        found = []
        for envelope in self.envelopes:
            mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
            assert isinstance(mail, EmailMessage)
            found.append((tuple(envelope.rcpt_tos), mail))
        return found

    def messages(self) -> list[EmailMessage]:
        """Each accepted message, in the order received."""
        return [mail for _, mail in self.deliveries()]


@contextmanager
def smtp_server(inbox: Inbox | None = None, **options: Any) -> Iterator[tuple[Inbox, int]]:
    """A running SMTP server on a free loopback port as (inbox, port); `options` go to aiosmtpd's
    Controller (tls_context, require_starttls, authenticator, ...)."""
    inbox = inbox or Inbox()
    port = free_port()
    controller = Controller(inbox, hostname=HOST, port=port, **options)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
