"""Passwords of review-page logins: argon2 hashes, checked in the same time whether a user exists."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8


class PasswordError(ValueError):
    """A password that cannot be used; str() says why."""


def check_new_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"password too short: at least {MIN_LENGTH} characters")
    if password.strip() != password:
        raise PasswordError("password must not start or end with spaces")
    return password


def hash_password(hasher: PasswordHasher, password: str) -> str:
    return hasher.hash(check_new_password(password))


def verify_password(hasher: PasswordHasher, password_hash: str | None, password: str) -> bool:
    """True when it matches; with no hash (unknown user) a dummy is checked so timing is alike."""
    try:
        return hasher.verify(password_hash or _dummy_hash(hasher), password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("leadradar-no-such-user")
