"""The mailer against a real SMTP server on loopback: retries, refusals, login over STARTTLS."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from review.mailer import Mailer, MailError, MailServerUnavailable, parse_smtp_url


class Inbox:
    """An aiosmtpd handler that answers with queued replies first, then accepts and keeps mail."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.replies: list[str] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.replies:
            return self.replies.pop(0)
        self.envelopes.append(envelope)
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                     data: Any) -> AuthResult:  # fmt: skip
        assert isinstance(data, LoginPassword)
        self.logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"s3cret")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def message() -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = "周报", "radar@example.cn", "bureau@example.cn"
    mail.set_content("宝应县招商局")
    return mail


def mailer(port: int, sleeps: list[float], query: str = "", login: str = "") -> Mailer:
    target = parse_smtp_url(f"smtp://{login}127.0.0.1:{port}{query}")
    return Mailer(target, attempts=3, backoff_s=5, sleep=sleeps.append)


def test_a_transient_refusal_is_retried(inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    handler.replies = ["451 4.3.0 try again later"]
    sleeps: list[float] = []
    with mailer(port, sleeps) as sender:
        sender.send(message())
    assert len(handler.envelopes) == 1 and sleeps == [5]
    received = email.message_from_bytes(handler.envelopes[0].content, policy=email.policy.default)
    assert isinstance(received, EmailMessage) and received.get_content().strip() == "宝应县招商局"


def test_a_permanent_refusal_is_not_retried(inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    handler.replies = ["550 5.1.1 no such mailbox"]
    sleeps: list[float] = []
    with mailer(port, sleeps) as sender, pytest.raises(MailError) as caught:
        sender.send(message())
    assert not isinstance(caught.value, MailServerUnavailable)
    assert "550" in str(caught.value) and sleeps == [] and not handler.envelopes


def test_no_server_is_unavailable_after_the_retries() -> None:
    sleeps: list[float] = []
    with mailer(free_port(), sleeps) as sender, pytest.raises(MailServerUnavailable):
        sender.send(message())
    assert sleeps == [5, 10]


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert, private = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))  # fmt: skip
    return cert, private


def test_login_over_starttls_with_a_private_ca(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, tls_context=context,
                            require_starttls=True, authenticator=handler.authenticate,
                            auth_require_tls=True)  # fmt: skip
    controller.start()
    try:
        sleeps: list[float] = []
        with mailer(port, sleeps, f"?starttls=1&cafile={cert}", "radar:s3cret@") as sender:
            sender.send(message())
        with (
            mailer(port, sleeps, "?starttls=1") as untrusting,
            pytest.raises(MailServerUnavailable),
        ):
            untrusting.send(message())  # the private CA is not trusted without cafile
    finally:
        controller.stop()
    assert handler.logins == [(b"radar", b"s3cret")] and len(handler.envelopes) == 1
