"""Reference tables loaded from the catalog and registry by `leadradar init`, and users."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pipelines.db.base import Base
from pipelines.db.types import UTCDateTime, utcnow


class CompanyRow(Base):
    """A registry company (the registry CSV is the source of truth; this is its loaded copy)."""

    __tablename__ = "companies"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    lists: Mapped[list[Any]]
    manufacturer: Mapped[bool]
    industry: Mapped[str] = mapped_column(String(40))
    hq_country: Mapped[str] = mapped_column(String(40))
    hq_province: Mapped[str | None] = mapped_column(String(40))
    hq_city: Mapped[str | None] = mapped_column(String(60))
    parent_id: Mapped[str | None] = mapped_column(String(64))
    global500_rank: Mapped[int | None]


class CompanyAliasRow(Base):
    """A registry alias of a company."""

    __tablename__ = "company_aliases"
    __table_args__ = (UniqueConstraint("company_id", "alias"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(200), index=True)
    lang: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(16))
    needs_context: Mapped[bool]
    ambiguous: Mapped[bool]


class OfficeRow(Base):
    """An office of the active catalog."""

    __tablename__ = "offices"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))


class SectorRow(Base):
    """A sector of the active catalog."""

    __tablename__ = "sectors"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    department: Mapped[str] = mapped_column(ForeignKey("offices.id"))


class ChainLinkRow(Base):
    """A chain link of the active catalog, id like new_energy.battery_cells."""

    __tablename__ = "chain_links"
    id: Mapped[str] = mapped_column(String(130), primary_key=True)
    sector_id: Mapped[str] = mapped_column(ForeignKey("sectors.id", ondelete="CASCADE"))
    position: Mapped[str] = mapped_column(String(12))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12))


class User(Base):
    """A login of the review page."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # logging out ends every session of the user begun up to then (a copied cookie included)
    sessions_ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class LoginFailure(Base):
    """A failed login from one client address: every server process counts the same failures."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
