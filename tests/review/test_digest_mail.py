"""The mailer against a real SMTP server on loopback: retries, refusals, login over STARTTLS."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from review.mailer import Mailer, MailError, MailServerUnavailable, parse_smtp_url
from tests.loopback import Inbox, free_port, smtp_server


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as (handler, port):
        yield handler, port


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
    assert handler.messages()[0].get_content().strip() == "宝应县招商局"


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
    handler = Inbox(password=b"s3cret")
    tls = {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
    with smtp_server(handler, authenticator=handler.authenticate, **tls) as (_, port):
        sleeps: list[float] = []
        with mailer(port, sleeps, f"?starttls=1&cafile={cert}", "radar:s3cret@") as sender:
            sender.send(message())
        with (
            mailer(port, sleeps, "?starttls=1") as untrusting,
            pytest.raises(MailServerUnavailable),
        ):
            untrusting.send(message())  # the private CA is not trusted without cafile
    assert handler.logins == [(b"radar", b"s3cret")] and len(handler.envelopes) == 1
