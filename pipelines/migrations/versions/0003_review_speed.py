"""review page under load: a search column on leads and indexes for the lead page and boards

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

The queue's search read every lead's company name and every article title to build the set
of matches before it could show a page (about 80 ms at 100,000 leads in SQLite, twice per
page). `leads.search_text` holds the case-folded company names and titles of each lead, so
the page query tests one column while it reads leads in rank order and stops after a page.
A lead page asks which leads were merged into it (a scan of all leads without an index), and
the boards count every office's open tasks (now from an index alone).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), server_default="", nullable=False))
        batch_op.create_index("ix_leads_merged_into_id", ["merged_into_id"], unique=False)
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index("ix_tasks_open", ["status", "office_id", "due_at"], unique=False)
    _fill_search_text()


def _fill_search_text() -> None:
    """Company names and article titles of the leads already stored, a batch at a time."""
    from pipelines.db.lead_search import search_text

    connection = op.get_bind()
    leads = sa.table("leads", sa.column("id", sa.Integer), sa.column("company_name", sa.String),
                     sa.column("company_id", sa.String), sa.column("search_text", sa.Text))  # fmt: skip
    companies = sa.table("companies", sa.column("id", sa.String), sa.column("name_zh", sa.String),
                         sa.column("name_en", sa.String))  # fmt: skip
    links = sa.table("lead_articles", sa.column("lead_id", sa.Integer),
                     sa.column("article_id", sa.Integer), sa.column("added_at", sa.DateTime))  # fmt: skip
    articles = sa.table("articles", sa.column("id", sa.Integer), sa.column("title", sa.Text))
    last = 0
    while True:
        rows = connection.execute(
            sa.select(leads.c.id, leads.c.company_name, companies.c.name_zh, companies.c.name_en)
            .outerjoin(companies, companies.c.id == leads.c.company_id)
            .where(leads.c.id > last)
            .order_by(leads.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        titles: dict[int, list[str]] = {}
        found = connection.execute(
            sa.select(links.c.lead_id, articles.c.title)
            .join(articles, articles.c.id == links.c.article_id)
            .where(links.c.lead_id.between(rows[0][0], rows[-1][0]))
            .order_by(links.c.added_at, articles.c.id)
        )
        for lead_id, title in found:
            titles.setdefault(lead_id, []).append(title or "")
        connection.execute(
            leads.update().where(leads.c.id == sa.bindparam("lead_id")),
            [{"lead_id": lead_id, "search_text": search_text([n for n in names if n], titles.get(lead_id, []))}
             for lead_id, *names in rows],
        )  # fmt: skip
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_open")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("ix_leads_merged_into_id")
        batch_op.drop_column("search_text")
