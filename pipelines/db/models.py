"""Every table, importable from one place (Alembic's target metadata)."""

from pipelines.db.base import Base
from pipelines.db.news import Analysis, Article, CrawlRun, Source, StoryCluster
from pipelines.db.reference import (
    ChainLinkRow,
    CompanyAliasRow,
    CompanyRow,
    LoginFailure,
    OfficeRow,
    SectorRow,
    User,
)
from pipelines.db.work import (
    AuditEntry,
    DigestSent,
    Judgement,
    Lead,
    LeadArticle,
    LeadHistory,
    LearnedAlias,
    ModelVersion,
    Task,
    TaskUpdate,
)

__all__ = [
    "Analysis",
    "Article",
    "AuditEntry",
    "Base",
    "ChainLinkRow",
    "CompanyAliasRow",
    "CompanyRow",
    "CrawlRun",
    "DigestSent",
    "Judgement",
    "Lead",
    "LeadArticle",
    "LeadHistory",
    "LearnedAlias",
    "LoginFailure",
    "ModelVersion",
    "OfficeRow",
    "SectorRow",
    "Source",
    "StoryCluster",
    "Task",
    "TaskUpdate",
    "User",
]
