"""The lead queue: ranked leads with filters, search and keyset paging, and its CSV/Excel export."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from catalog.registry import LIST_NAMES_ZH
from pipelines.corrections import EVENT_TYPES
from pipelines.db.review_queries import (
    STATUSES,
    Cursor,
    QueueFilter,
    QueueRow,
    queue_count,
    queue_page,
    queue_rows,
)
from pipelines.score_weights import active_weights
from pipelines.stage import STAGES
from review.formatting import COUNTY_TIME
from review.labels import LABELS
from review.render import write_csv, write_xlsx
from review.site import Site, Viewer, allowed, is_htmx, render, site_of

router = APIRouter()
FILTER_KEYS = (
    "sector",
    "office",
    "event",
    "stage",
    "list",
    "since",
    "until",
    "min_score",
    "q",
    "status",
    "order",
)
EXPORT_COLUMNS = [
    "rank", "lead_id", "score", "status", "company", "registry_id", "lists", "event_type", "stage",
    "capex", "capex_cny", "destination", "sector", "chain_link", "relation", "offices", "stories",
    "first_seen_at", "title",
]  # fmt: skip
EXPORT_LIMIT = 10_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(text: str | None, days_after: int = 0) -> dt.datetime | None:
    """A county-local calendar day as the UTC instant it starts (plus `days_after` days)."""
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        return None
    start = dt.datetime.combine(day + dt.timedelta(days=days_after), dt.time(), COUNTY_TIME)
    return start.astimezone(dt.UTC)


def _score(text: str | None) -> float | None:
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if 0.0 <= value <= 1.0 else None


def queue_filter(site: Site, params: Mapping[str, str], viewer: Viewer) -> QueueFilter:
    """The filter the query string asks for; unknown values are ignored, office staff see theirs."""

    def pick(key: str, allowed_values: Any) -> str | None:
        value = params.get(key) or None
        return value if value in allowed_values else None

    office = pick("office", {o.id for o in site.catalog.offices})
    return QueueFilter(
        sector=pick("sector", {s.id for s in site.catalog.sectors}),
        office=viewer.user.office_id if viewer.user.role == "office" else office,
        event_type=pick("event", EVENT_TYPES), stage=pick("stage", STAGES),
        company_list=pick("list", LIST_NAMES_ZH), since=_day(params.get("since")),
        until=_day(params.get("until"), days_after=1), min_score=_score(params.get("min_score")),
        text=(params.get("q") or "").strip()[:100] or None,
        status=pick("status", {*STATUSES, "all"}) or "open",
    )  # fmt: skip


def _uncertain_around(site: Site, wanted: QueueFilter, params: Mapping[str, str]) -> QueueFilter:
    """ "Uncertain first" orders by distance to the lead threshold in use (learned or the catalog's)."""
    if params.get("order") != "uncertain":
        return wanted
    with site.database.session() as session:
        threshold = active_weights(session, site.catalog.weights).threshold
    return replace(wanted, uncertain_around=threshold)


def _filter_query(params: Mapping[str, str]) -> dict[str, str]:
    return {key: params[key] for key in FILTER_KEYS if params.get(key)}


@router.get("/leads", response_class=HTMLResponse)
def leads(request: Request, viewer: Annotated[Viewer, Depends(allowed("read"))]) -> HTMLResponse:
    site, params = site_of(request), request.query_params
    wanted = _uncertain_around(site, queue_filter(site, params, viewer), params)
    after = Cursor.decode(params.get("after"))
    first_rank = int(params["n"]) if after and params.get("n", "").isdigit() else 1
    with site.database.session() as session:
        total = site.counts.get(("queue", wanted), lambda: queue_count(session, wanted))
        page = queue_page(session, wanted, after, total=total)
    query = _filter_query(params)
    next_link = (
        urlencode({**query, "after": page.next_cursor.encode(), "n": first_rank + len(page.rows)})
        if page.next_cursor else None
    )  # fmt: skip
    context = {
        "page": page, "first_rank": first_rank, "next_link": next_link,
        "params": {key: params.get(key, "") for key in FILTER_KEYS},
        "filter_query": urlencode(query), "options": _options(site), "wanted": wanted,
    }  # fmt: skip
    partial = is_htmx(request) and request.headers.get("HX-Target") == "queue"
    return render(request, "_queue_partial.html" if partial else "leads.html", context, viewer)


def _options(site: Site) -> dict[str, list[tuple[str, str]]]:
    return {
        "sector": [(s.id, s.name_zh) for s in site.catalog.sectors],
        "office": [(o.id, o.name_zh) for o in site.catalog.offices],
        "event": [(e, LABELS["event"][e]) for e in EVENT_TYPES],
        "stage": [(s, LABELS["stage"][s]) for s in STAGES],
        "list": list(LIST_NAMES_ZH.items()),
        "status": [("open", "待审和已采纳"), *LABELS["lead_status"].items(), ("all", "全部")],
        "order": [("score", "评分优先"), ("uncertain", "最不确定优先（用于模型学习）")],
    }


def export_records(rows: list[QueueRow]) -> list[dict[str, Any]]:
    return [
        {
            "rank": rank, "lead_id": r.lead_id, "score": round(r.score, 4), "status": r.status,
            "company": r.company, "registry_id": r.company_id, "lists": r.lists,
            "event_type": r.event_type, "stage": r.stage,
            "capex": f"{r.capex_amount:g} {r.capex_currency}" if r.capex_amount is not None else None,
            "capex_cny": r.capex_cny, "destination": r.destination, "sector": r.sector,
            "chain_link": r.chain_link, "relation": r.relation, "offices": r.offices,
            "stories": r.story_count, "first_seen_at": r.first_seen_at.isoformat(timespec="seconds"),
            "title": r.title,
        }
        for rank, r in enumerate(rows, start=1)
    ]  # fmt: skip


def _export_rows(request: Request, viewer: Viewer) -> list[dict[str, Any]]:
    site = site_of(request)
    wanted = _uncertain_around(
        site, queue_filter(site, request.query_params, viewer), request.query_params
    )
    with site.database.session() as session:
        return export_records(queue_rows(session, wanted, None, EXPORT_LIMIT))


def _attachment(site: Site, suffix: str) -> dict[str, str]:
    name = f"leadradar-leads-{site.clock().astimezone(COUNTY_TIME):%Y%m%d-%H%M}.{suffix}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/leads/export.csv")
def export_csv(request: Request, viewer: Annotated[Viewer, Depends(allowed("read"))]) -> Response:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # the byte-order mark makes Excel read the UTF-8 as UTF-8
    write_csv(_export_rows(request, viewer), EXPORT_COLUMNS, buffer)
    return Response(buffer.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers=_attachment(site_of(request), "csv"))  # fmt: skip


@router.get("/leads/export.xlsx")
def export_xlsx(request: Request, viewer: Annotated[Viewer, Depends(allowed("read"))]) -> Response:
    records = _export_rows(request, viewer)
    with tempfile.TemporaryDirectory(prefix="leadradar-export-") as folder:
        path = Path(folder) / "leads.xlsx"
        write_xlsx(records, EXPORT_COLUMNS, str(path))
        body = path.read_bytes()
    return Response(body, media_type=XLSX, headers=_attachment(site_of(request), "xlsx"))
