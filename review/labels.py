"""Chinese names of the codes the review page shows: events, stages, steps, lists, roles, statuses."""

from __future__ import annotations

from catalog.registry import LIST_NAMES_ZH
from pipelines.corrections import FIELD_NAMES_ZH
from pipelines.db.users import ROLE_NAMES_ZH
from pipelines.lifecycle import STEP_NAMES_ZH, STEPS
from pipelines.score import EVENT_ZH, STAGE_ZH

LEAD_STATUS_ZH = {"new": "待审", "accepted": "已采纳", "rejected": "已否决", "merged": "已合并"}
TASK_STATUS_ZH = {"open": "待办", "in_progress": "跟进中", "done": "已结束"}
TASK_KIND_ZH = {"register": "登记台账", "assess": "产业评估", "contact": "驻点对接",
                "overseas": "境外对接", "leader": "领导挂钩"}  # fmt: skip
RELATION_ZH = {
    "补链": "补链（填补缺失环节）",
    "延链": "延链（延伸产业链）",
    "强链": "强链（壮大现有环节）",
}
HISTORY_ZH = {
    "created": "创建", "stage": "阶段推进", "accepted": "采纳", "rejected": "否决",
    "merged": "合并至其他线索", "merged_from": "合并入其他线索", "corrected": "更正",
    "reassigned": "改派", "task_step": "任务进展",
}  # fmt: skip
ACTION_ZH = {
    "accept": "采纳",
    "reject": "否决",
    "merge": "合并",
    "correct": "更正",
    "reassign": "改派",
}
CURRENCY_ZH = {"CNY": "元", "USD": "美元", "EUR": "欧元", "JPY": "日元", "HKD": "港元",
               "GBP": "英镑", "KRW": "韩元", "TWD": "新台币"}  # fmt: skip
TARGET_ZH = {
    "total_investment_cny": "招商引资总额", "projects_10m": "1000万元以上项目",
    "projects_100m": "亿元以上项目", "fdi_contracted_usd": "合同利用外资",
    "fdi_used_usd": "实际利用外资",
}  # fmt: skip
FEATURE_ZH = {
    "company_tier": "投资方层级", "event_type": "事件类型", "stage": "项目阶段",
    "amount_band": "投资额档次", "sector_fit": "产业契合", "chain_gap": "补链/延链/强链",
    "actionability": "可争取程度", "recency": "时效", "novelty": "新线索",
}  # fmt: skip
MILESTONE_STATUS_ZH = {
    "met": "已完成",
    "missed": "未完成",
    "pending": "未到期",
    "reported": "仅报告",
}
# Steps from 签约 on carry amounts; the board offers only the steps a task may still take.
AMOUNT_FIELDS = (
    ("contract_amount_cny", "合同金额", "万元"),
    ("registered_capital_in_place_cny", "注册资金到位", "万元"),
    ("fdi_contracted_usd", "合同外资", "万美元"),
    ("fdi_used_usd", "实际到位外资", "万美元"),
)

LABELS = {
    "event": EVENT_ZH, "stage": STAGE_ZH, "step": STEP_NAMES_ZH, "list": LIST_NAMES_ZH,
    "role": ROLE_NAMES_ZH, "lead_status": LEAD_STATUS_ZH, "task_status": TASK_STATUS_ZH,
    "task_kind": TASK_KIND_ZH, "relation": RELATION_ZH, "history": HISTORY_ZH,
    "action": ACTION_ZH, "field": FIELD_NAMES_ZH, "target": TARGET_ZH,
    "milestone_status": MILESTONE_STATUS_ZH,
}  # fmt: skip
STEP_ORDER = STEPS
