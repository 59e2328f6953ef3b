"""Settings: every LEADRADAR_* environment variable, read in this one place, with safe defaults."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CATALOG = PROJECT_ROOT / "catalog" / "baoying"
BUNDLED_REGISTRY = PROJECT_ROOT / "catalog" / "companies"
BUNDLED_SOURCES = PROJECT_ROOT / "spiders" / "sources.yml"
DEFAULT_CRAWL_CRON = "0 */3 * * *"  # every three hours, county time


@dataclass(frozen=True)
class Settings:
    """The resolved configuration of one command run."""

    home: Path
    database_url: str
    catalog_dir: Path
    registry_dir: Path
    sources_file: Path
    smtp_url: str | None
    mail_from: str
    admin_email: str | None = None
    leader_emails: tuple[str, ...] = ()
    office_emails: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    crawl_cron: str = DEFAULT_CRAWL_CRON
    review_url: str = "http://127.0.0.1:8000"

    @property
    def outbox(self) -> Path:
        return self.home / "outbox"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"


def load_settings(database_url: str | None = None, env: dict[str, str] | None = None) -> Settings:
    """Read the environment; `database_url` (from --db) wins over LEADRADAR_DATABASE_URL."""
    environ = dict(os.environ) if env is None else env
    home = Path(environ.get("LEADRADAR_HOME", "data")).expanduser()
    url = (
        database_url
        or environ.get("LEADRADAR_DATABASE_URL")
        or f"sqlite:///{(home / 'leadradar.db').as_posix()}"
    )
    return Settings(
        home=home,
        database_url=url,
        catalog_dir=Path(environ.get("LEADRADAR_CATALOG", str(BUNDLED_CATALOG))),
        registry_dir=Path(environ.get("LEADRADAR_REGISTRY", str(BUNDLED_REGISTRY))),
        sources_file=Path(environ.get("LEADRADAR_SOURCES", str(BUNDLED_SOURCES))),
        smtp_url=environ.get("LEADRADAR_SMTP_URL") or None,
        mail_from=environ.get("LEADRADAR_MAIL_FROM", "leadradar@localhost"),
        admin_email=environ.get("LEADRADAR_ADMIN_EMAIL") or None,
        leader_emails=addresses(environ.get("LEADRADAR_LEADER_EMAILS", "")),
        office_emails=office_addresses(environ.get("LEADRADAR_OFFICE_EMAILS", "")),
        crawl_cron=environ.get("LEADRADAR_CRAWL_CRON") or DEFAULT_CRAWL_CRON,
        review_url=(environ.get("LEADRADAR_REVIEW_URL") or "http://127.0.0.1:8000").rstrip("/"),
    )


def addresses(text: str) -> tuple[str, ...]:
    """Mail addresses separated by commas, semicolons or spaces."""
    return tuple(a for a in re.split(r"[,;\s]+", text) if a)


def office_addresses(text: str) -> dict[str, tuple[str, ...]]:
    """`office_id=addr,office_id=addr` (an office may repeat) → office id → its addresses."""
    found: dict[str, tuple[str, ...]] = {}
    for pair in re.split(r"[,;\s]+", text):
        office, _, address = pair.partition("=")
        if office and address:
            found[office] = (*found.get(office, ()), address)
    return found


def secret_key(settings: Settings, env: dict[str, str] | None = None) -> str:
    """LEADRADAR_SECRET_KEY, or a key generated once and kept in the data folder (mode 0600)."""
    environ = dict(os.environ) if env is None else env
    if environ.get("LEADRADAR_SECRET_KEY"):
        return environ["LEADRADAR_SECRET_KEY"]
    path = settings.home / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    settings.home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
