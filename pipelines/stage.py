"""Project stage by rules: 签约 → signed, 奠基/开工 → construction, 投产 → production, else announced."""

from __future__ import annotations

import re

STAGES = ("announced", "signed", "construction", "production")
PATTERNS = {
    "production": r"竣工投产|竣工(?!后|验收)|正式投产|投产|量产|达产|首台.{0,6}下线|首批.{0,8}下线|下线|试生产|建成投用|"
    r"正式运营|建成运营|点火|出炉|揭牌投用|"
    r"opens? (?:a |an |its |the )?(?:new |first |second |expanded |[\w-]+ ){0,3}(?:plant|factory|facility|hall|line|site|fab|works|mill)|"
    r"inaugurat(?:es|ed)|"
    r"rol(?:l|ls|led|ling) off|commission(?:s|ed)? |fir(?:es|ed) up|start(?:s|ed)? up|"
    r"(?:start|starts|started|begin|begins|began|ramp(?:s|ed)? up) (?:[\w-]+ ){0,2}(?:output|operations?|shipments|production)|"
    r"began operation|begins operation|in operation|came online|comes online|"
    r"(?:start|starts|started|begin|begins|began|commence[sd]?|kick(?:s|ed)? off) "
    r"(?:mass |commercial |serial |trial )?(?:production|manufacturing|operations)|"
    r"rolled off|opened (?:its|the|a) (?:new )?(?:plant|factory|facility)|officially opened|"
    r"production (?:began|started)|went into operation|came on ?stream|now operational",
    "construction": r"开工|动工|奠基|破土|封顶|开建|建设中|在建|主体完工|设备进场|施工|建设正酣|"
    r"建设提速|加快建设|主体结构|钢结构|设备安装|加紧建设|建设加速|建设全面提速|"
    r"begins? work|began work|starts? work|work (?:began|begins|started)|"
    r"(?:is|are) (?:building|constructing)|building (?:a|an|its|the)|rises|takes shape|lays? (?:the )?foundation|"
    r"\bbuilds\b|\bexpands\b (?:its )?[\w-]+ (?:plant|factory)|begins? expansion|进入.{0,6}建设|"
    r"laid (?:the )?foundation|"
    r"br(?:eak|eaks|oke|eaking) ground|ground-?breaking|under construction|"
    r"(?:start|starts|started|begin|begins|began|commence[sd]?) (?:construction|building)|"
    r"construction (?:began|started|is underway)|topping[- ]out",
    "signed": r"签约|签署|签订|正式落户|成功落户|落户|协议|合同|完成收购|完成并购|收购完成|交割|"
    r"licen[cs]e|investment certificate|成为.{0,12}控股股东|\bsigns?\b|to (?:buy|acquire|purchase|take over)|"
    r"signed|inked|agreement|memorandum|MoU|sealed a deal|struck a deal|agree(?:s|d)? to|"
    r"complete[sd]? (?:the |its )?(?:takeover|acquisition|purchase|merger)|close[sd]? (?:the |its )?(?:\w+ ){0,3}(?:purchase|acquisition|deal)|deal",
    "announced": r"宣布|拟|计划|将投资|公告|规划|意向|有意|考虑|"
    # English words whole only: "plan" inside "plant" says nothing
    r"\b(?:plans? to|planning|announced|will (?:build|invest)|intends? to|aims? to|proposed|"
    r"considering|to (?:move|build|invest|open|set up|expand|add|shift|spend|pump)|"
    r"plans?|weighs|eyes|in talks|picks|selects|chooses|mulls|explores)\b",
}
FUTURE = re.compile(
    r"(预计|计划|将于|将在|将|拟|有望|力争|争取|预期|明年|年底前|年内|后续|expected to|expects to|"
    r"will|plans? to|aims? to|to be|scheduled to|slated to|set to|targets?|by 20\d\d)[^。.;；]{0,14}$",
    re.I,
)
_COMPILED = {stage: re.compile(pattern, re.I) for stage, pattern in PATTERNS.items()}
# "already" right before a step: 已开工, 已经投产, 已于今年3月正式开工, 目前已全面开工
_ALREADY = re.compile(r"已(?:经)?(?:于[^。，,；;]{0,10})?(?:正式|全面|顺利|陆续)?$")


def detect_stage(title: str, text: str) -> str | None:
    """The most advanced stage stated as done, title first; planned steps ("预计投产") don't count."""
    for part in (title, text[:600], text):
        found = _stages_in(part)
        if found:
            best = max(found, key=STAGES.index)
            later = _done_in(text[:600]) if part is title else None
            return later if later and STAGES.index(later) > STAGES.index(best) else best
    return None


def _done_in(text: str) -> str | None:
    """The most advanced step the body says has already happened (已开工, 已于3月正式投产): it
    overrides an earlier step in the headline (a headline's 落户 over the body's 已开工建设)."""
    done = [
        stage
        for stage in ("production", "construction")
        for match in _COMPILED[stage].finditer(text)
        if _ALREADY.search(text[max(0, match.start() - 14) : match.start()])
    ]
    return max(done, key=STAGES.index) if done else None


def stage_evidence(title: str, text: str, stage: str) -> str | None:
    """The words that set `stage`, for the explanation."""
    for part in (title, text):
        for match in _COMPILED[stage].finditer(part):
            if stage == "announced" or not _planned(part, match.start()):
                return match.group(0)
    return None


def _stages_in(text: str) -> set[str]:
    found = set()
    for stage, pattern in _COMPILED.items():
        for match in pattern.finditer(text):
            if stage == "announced" or not _planned(text, match.start()):
                found.add(stage)
                break
    return found


def _planned(text: str, start: int) -> bool:
    return bool(FUTURE.search(text[max(0, start - 16) : start]))
