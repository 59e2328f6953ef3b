"""Settings: every LEADRADAR_* environment variable, read in this one place, with safe defaults."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CATALOG = PROJECT_ROOT / "catalog" / "baoying"
BUNDLED_REGISTRY = PROJECT_ROOT / "catalog" / "companies"
BUNDLED_SOURCES = PROJECT_ROOT / "spiders" / "sources.yml"


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
    )


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
