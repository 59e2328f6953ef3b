"""Short text views of the database for the demo and summaries."""

from __future__ import annotations

from pipelines.db import open_database
from pipelines.db.queries import ranked_leads
from pipelines.settings import Settings

EVENT_ZH = {"new_plant": "新建", "expansion": "扩产", "relocation": "转移", "joint_venture": "合资",
            "acquisition": "并购"}  # fmt: skip


def top_leads_text(settings: Settings, top: int) -> str:
    database = open_database(settings.database_url)
    with database.session() as session:
        leads = ranked_leads(session, top)
    database.dispose()
    lines = []
    for lead in leads:
        amount = (
            f"{lead['capex_amount'] / 1e8:.2f}亿{lead['capex_currency']}"
            if lead["capex_amount"]
            else "金额未披露"
        )
        lines.append(
            f"{lead['rank']:>3}. {lead['score']:.2f} {lead['company']} · {EVENT_ZH.get(lead['event_type'], lead['event_type'])}"
            f" · {amount} · {lead['destination'] or '去向未定'} · {lead['sector'] or '-'}"
            f"{'/' + lead['relation'] if lead['relation'] else ''} → {', '.join(lead['offices'])}\n"
            f"       {lead['reason']}\n"
        )
    return "".join(lines) or "  (none)\n"
