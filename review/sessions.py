"""Signed session cookies: who is logged in, since when, and the CSRF token of their forms."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "leadradar_session"


@dataclass(frozen=True)
class SessionData:
    """user_id None is an anonymous session (the login form's CSRF token lives there).

    `issued` is the UNIX time the session began: it ends `max_age_s` later, however active.
    """

    user_id: int | None
    csrf: str
    issued: float
    password_mark: str = ""


class SessionSigner:
    """Signs and checks session cookies; a session older than `max_age_s` is refused."""

    def __init__(self, secret: str, max_age_s: int) -> None:
        self._serializer = URLSafeSerializer(secret, salt="leadradar.review.session")
        self._secret = secret.encode("utf-8")
        self.max_age_s = max_age_s

    def dumps(self, data: SessionData) -> str:
        return str(
            self._serializer.dumps([data.user_id, data.csrf, data.issued, data.password_mark])
        )

    def loads(self, token: str | None, now: float) -> SessionData | None:
        """The session, or None when the cookie is missing, forged, malformed or expired."""
        if not token:
            return None
        try:
            user_id, csrf, issued, mark = self._serializer.loads(token)
        except (BadSignature, ValueError, TypeError):
            return None
        if not (
            isinstance(csrf, str) and isinstance(mark, str) and isinstance(issued, float | int)
        ):
            return None
        if not 0 <= now - issued <= self.max_age_s:
            return None
        return SessionData(user_id if isinstance(user_id, int) else None, csrf, float(issued), mark)

    def password_mark(self, password_hash: str) -> str:
        """Ties a session to the password it was opened with: a new password ends old sessions."""
        digest = hmac.new(self._secret, password_hash.encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()[:16]


def new_session(now: float, user_id: int | None = None, password_mark: str = "") -> SessionData:
    return SessionData(user_id, secrets.token_urlsafe(32), now, password_mark)


def same_token(given: str, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
