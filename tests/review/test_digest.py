"""Digest rendering is pure: weeks, amounts, escaping, headers and the MIME parts of each mail."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from email.message import EmailMessage

import pytest

from review.digest import RenderedDigest, message_id, render_county, render_office, web_url
from review.digest_content import DigestLead, DigestTask, OfficeDigest, amount_zh, evidence_sentence
from review.digest_county import CountySummary, MilestoneLine, RateLine, TargetLine
from review.mailer import MailConfigError, header_text, mail_address, parse_smtp_url
from review.weeks import IsoWeek, last_complete_week

NOW = dt.datetime(2026, 11, 30, 0, 30, tzinfo=dt.UTC)  # Monday 08:30 in Baoying
WEEK = IsoWeek(2026, 48)
HOSTILE_COMPANY = "恶意公司\r\nBcc: victim@example.com\r\nX-Injected: yes"


def lead(
    rank: int = 1, company: str = "宁德时代新能源科技股份有限公司", **changes: object
) -> DigestLead:
    values: dict[str, object] = dict(
        lead_id=rank, rank=rank, score=0.92, company=company, lists=("世界500强",),
        event="新建工厂", stage="已签约", amount="50亿元", capex_cny=5e9,
        destination="江苏省扬州市宝应县", sector="新能源", chain="锂电池电芯", relation="补链",
        evidence="宁德时代将在宝应经济开发区投资50亿元建设电池基地。",
        source_url="https://news.example.cn/a.html", page_url=f"http://review.local/leads/{rank}",
        reason="世界500强；新建工厂；约50亿元",
    )  # fmt: skip
    values.update(changes)
    return DigestLead(**values)  # type: ignore[arg-type]


def office(*leads: DigestLead) -> OfficeDigest:
    tasks = (
        DigestTask(7, "比亚迪股份有限公司", "联系对接", "线索", "2026-11-20", True, "http://r/leads/7"),
        DigestTask(8, "宁德时代新能源科技股份有限公司", "登记入库", "接洽", "2026-12-02", False,
                   "http://r/leads/8"),
    )  # fmt: skip
    return OfficeDigest(WEEK, "county_bureau", "宝应县招商局", ("bureau@example.cn",), leads,
                        tasks, 0)  # fmt: skip


def county(*big: DigestLead) -> CountySummary:
    targets = (TargetLine("total_investment_cny", "招商引资总额", "Total", "12亿元", "45亿元", 0.27),
               TargetLine("projects_10m", "千万元以上项目", "Projects", "30 个", "150 个", 0.2))  # fmt: skip
    return CountySummary(
        WEEK, "宝应县", ("leader@example.cn",), "2026-11-29", 5, big, "3000万元", 1.0, targets,
        (MilestoneLine("中国宝应荷藕节", "2026-07-18", 1.0, 0.27, "未完成"),),
        (RateLine("开工落地率", 0.5, "开工 1 / 签约 2 个"),), (), 3, (),
    )  # fmt: skip


def parsed(message: EmailMessage) -> EmailMessage:
    found = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert isinstance(found, EmailMessage)
    return found


def test_weeks_are_county_weeks() -> None:
    assert IsoWeek.parse("2026-W48") == WEEK and WEEK.label == "2026-W48"
    assert WEEK.monday == dt.date(2026, 11, 23) and WEEK.sunday == dt.date(2026, 11, 29)
    assert WEEK.start == dt.datetime(2026, 11, 22, 16, tzinfo=dt.UTC)
    assert IsoWeek.of(dt.datetime(2026, 11, 22, 16, 30, tzinfo=dt.UTC)) == WEEK  # Monday 00:30
    assert last_complete_week(NOW) == WEEK and IsoWeek(2026, 1).previous() == IsoWeek(2025, 52)
    for bad in ("2026-48", "2026-W60", "W48"):
        with pytest.raises(ValueError):
            IsoWeek.parse(bad)


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [(5e9, "CNY", "50亿元"), (3.2e8, "USD", "3.2亿美元"), (3e7, "CNY", "3000万元"),
     (1.8e8, "EUR", "1.8亿欧元"), (500, "CNY", "500元"), (2e8, "XYZ", "2亿 XYZ"), (None, "CNY", None)],
)  # fmt: skip
def test_amounts_in_chinese_units(amount: float | None, currency: str, text: str | None) -> None:
    assert amount_zh(amount, currency) == text


def test_evidence_falls_back_to_the_sentence_naming_the_investor() -> None:
    body = "开头一句。据悉，比亚迪将在宝应建设新工厂！其他内容。"
    assert evidence_sentence({"evidence": "金额句。", "article_body": body}) == "金额句。"
    record = {"evidence": None, "mention": "比亚迪", "article_body": body, "article_title": "标题"}
    assert evidence_sentence(record) == "据悉，比亚迪将在宝应建设新工厂！"
    assert evidence_sentence({**record, "mention": "华为"}) == "标题"


def test_office_mail_has_both_parts_in_chinese() -> None:
    rendered = render_office(office(lead(), lead(2, "比亚迪股份有限公司")))
    message = parsed(rendered.message("leadradar@example.cn", ["bureau@example.cn"], NOW))
    assert message["Subject"].startswith("【招商线索周报】2026-W48 宝应县招商局：新线索 2 条")
    assert "逾期任务 1 项" in message["Subject"] and message["To"] == "bureau@example.cn"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    for part in (text.get_content(), html.get_content()):
        assert "宁德时代新能源科技股份有限公司" in part and "世界500强" in part
        assert "宝应经济开发区投资50亿元" in part and "补链" in part and "已逾期" in part
        assert "http://review.local/leads/1" in part and "https://news.example.cn/a.html" in part
    assert html.get_content().index("2026-11-20") < html.get_content().index("2026-12-02")
    assert message["Message-ID"] == message_id("2026-W48", "county_bureau",
                                               "bureau@example.cn", "leadradar@example.cn")  # fmt: skip


def test_scraped_text_is_escaped_in_html() -> None:
    hostile = lead(company="<script>alert(1)</script>公司", evidence="<img src=x onerror=alert(2)>",
                   source_url="javascript:alert(3)")  # fmt: skip
    rendered = render_office(office(hostile))
    assert "<script>" not in rendered.html and "<img src=x" not in rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;公司" in rendered.html
    assert "javascript:" not in rendered.html
    assert "<script>alert(1)</script>公司" in rendered.text  # plain text stays as written
    assert web_url("https://a.cn/x") == "https://a.cn/x" and web_url("data:text/html,x") == "#"


def test_cr_lf_in_a_company_name_adds_no_header() -> None:
    rendered = render_office(office(lead(company=HOSTILE_COMPANY)))
    message = parsed(rendered.message("leadradar@example.cn", ["bureau@example.cn"], NOW))
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert "Bcc: victim@example.com" in message["Subject"]  # flattened into the subject text
    assert header_text("a\r\nb\x00c") == "a b c"
    with pytest.raises(MailConfigError):
        mail_address("office@example.cn\r\nBcc: x@example.com")


def test_county_mail_carries_the_chart_as_an_inline_image() -> None:
    rendered = render_county(county(lead()))
    message = parsed(rendered.message("leadradar@example.cn", ["leader@example.cn"], NOW))
    images = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0]["Content-ID"] == "<progress-chart>"
    assert images[0].get_content().startswith(b"\x89PNG")
    html = message.get_body(("html",))
    assert html is not None and 'src="cid:progress-chart"' in html.get_content()
    assert "招商引资总额" in html.get_content() and "中国宝应荷藕节" in html.get_content()
    assert "重点项目 1 个" in message["Subject"]
    assert "data:image/png;base64," in rendered.preview_html()


def test_a_preview_without_recipients_has_no_to_header() -> None:
    rendered = RenderedDigest("2026-W48", "eco_office", (), "主题", "<p>x</p>", "x")
    assert rendered.message("leadradar@localhost", [], NOW)["To"] is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [("smtp://mail.gov.cn", ("mail.gov.cn", 25, False, False, None, None)),
     ("smtp://u%40x:p%3Aw@mail.gov.cn:2525?starttls=1", ("mail.gov.cn", 2525, False, True, "u@x", "p:w")),
     ("smtp://mail.gov.cn?starttls=true", ("mail.gov.cn", 587, False, True, None, None)),
     ("smtps://a:b@mail.gov.cn", ("mail.gov.cn", 465, True, False, "a", "b"))],
)  # fmt: skip
def test_smtp_urls(url: str, expected: tuple[object, ...]) -> None:
    target = parse_smtp_url(url)
    found = (target.host, target.port, target.use_ssl, target.starttls, target.user,
             target.password)  # fmt: skip
    assert found == expected
    assert "p:w" not in str(target) and "p:w" not in repr(target)


@pytest.mark.parametrize("url", ["http://mail", "smtp://", "smtp://host:port"])
def test_bad_smtp_urls(url: str) -> None:
    with pytest.raises(MailConfigError):
        parse_smtp_url(url)
