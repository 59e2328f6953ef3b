"""Named queries on review-page logins: create, find, list, switch, and failed-login bookkeeping."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pipelines.db.models import LoginFailure, OfficeRow, User

ROLES = ("analyst", "office", "leader", "admin")
ROLE_NAMES_ZH = {"analyst": "分析员", "office": "办事处", "leader": "县领导", "admin": "管理员"}
NAME = re.compile(r"^[\w.@-]{2,80}$")
# Failed logins before the account is locked, and how the lock grows after that.
FREE_FAILURES = 5
FIRST_LOCK = dt.timedelta(seconds=30)
LONGEST_LOCK = dt.timedelta(minutes=15)


class UserError(ValueError):
    """A login cannot be created or changed; str() says why, for the person at the keyboard."""


def add_user(
    session: Session, name: str, office_id: str, role: str, password_hash: str,
    email: str | None = None,
) -> User:  # fmt: skip
    """A new login; refused for a bad or taken name, an unknown role or an unknown office."""
    if not NAME.match(name):
        raise UserError(f"bad user name {name!r}: 2-80 letters, digits or . _ @ -")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    if session.get(OfficeRow, office_id) is None:
        raise UserError(f"unknown office {office_id!r} (run `leadradar init` or see `catalog`)")
    if find_user(session, name) is not None:
        raise UserError(f"user {name!r} exists already")
    user = User(name=name, office_id=office_id, role=role, password_hash=password_hash,
                email=email, disabled=False, failed_logins=0)  # fmt: skip
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, name: str) -> User | None:
    return session.scalars(select(User).where(User.name == name)).first()


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def set_disabled(session: Session, user_id: int, disabled: bool) -> User:
    user = _existing(session, user_id)
    user.disabled = disabled
    return user


def unlock(session: Session, user_id: int) -> User:
    user = _existing(session, user_id)
    user.failed_logins, user.locked_until = 0, None
    return user


def is_locked(user: User, now: dt.datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def lock_length(failures: int) -> dt.timedelta:
    """No lock for the first few failures; then 30 s, doubling with each failure, up to 15 min."""
    if failures < FREE_FAILURES:
        return dt.timedelta(0)
    lock: dt.timedelta = FIRST_LOCK * 2 ** (failures - FREE_FAILURES)
    return min(lock, LONGEST_LOCK)


def note_failed_login(session: Session, user: User, now: dt.datetime) -> None:
    user.failed_logins += 1
    length = lock_length(user.failed_logins)
    user.locked_until = now + length if length else user.locked_until


def note_login(session: Session, user: User) -> None:
    user.failed_logins, user.locked_until = 0, None


def end_sessions(session: Session, user_id: int, now: dt.datetime) -> None:
    """Every session of the user begun up to `now` is over (logging out, on every device)."""
    _existing(session, user_id).sessions_ended_at = now


def session_ended(user: User, issued: float) -> bool:
    """Whether a session begun at UNIX time `issued` was ended by a later logout."""
    ended = user.sessions_ended_at
    return ended is not None and issued <= ended.timestamp()


def failures_since(session: Session, address: str, since: dt.datetime) -> int:
    """Failed logins from `address` at `since` or later."""
    query = select(func.count(LoginFailure.id)).where(
        LoginFailure.address == address, LoginFailure.at >= since
    )
    return session.scalar(query) or 0


def note_failure(
    session: Session, address: str, at: dt.datetime, forget_before: dt.datetime
) -> None:
    """Record a failed login from `address`; failures older than `forget_before` are dropped."""
    session.execute(delete(LoginFailure).where(LoginFailure.at < forget_before))
    session.add(LoginFailure(address=address[:64], at=at))


def _existing(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise UserError(f"user {user_id} does not exist")
    return user
