"""`leadradar analyze` and `eval` as a script uses them: JSON lines in, JSON lines out."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import cli

ITEMS = [
    {"id": "n1", "title": "比亚迪50亿元新能源电池项目签约落户宝应",
     "text": "11月20日，比亚迪股份有限公司与宝应县人民政府签署投资协议，计划总投资50亿元，在宝应经济开发区建设动力电池生产基地，项目预计2027年投产。",
     "lang": "zh"},
    {"id": "n2", "title": "宁德时代前三季度营收2000亿元",
     "text": "宁德时代发布三季报，前三季度实现营业收入2000亿元，同比增长10%。"},
    {"id": 3, "title": "LG Energy Solution breaks ground on $1.4 billion battery plant in Arizona",
     "text": "LG Energy Solution broke ground on a $1.4 billion battery plant in Queen Creek, Arizona, United States."},
]  # fmt: skip


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_line_out_per_line_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, [json.dumps(i, ensure_ascii=False) for i in ITEMS])
    assert cli.main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    assert "比亚迪" in out  # not ASCII-escaped
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == ["n1", "n2", "3"]
    first = results[0]
    assert first["event_type"] == "new_plant"
    assert first["stage"] == "signed"
    assert first["is_lead"] is True
    assert first["companies"][0]["registry_id"] == "byd"
    assert first["companies"][0]["role"] == "investor"
    assert "fortune_global_500" in first["companies"][0]["lists"]
    assert first["capex"] == {
        "amount": 5000000000,
        "currency": "CNY",
        "text": "50亿元",
        "estimated": False,
    }
    assert first["destination"]["county"] == "宝应县"
    assert results[1]["event_type"] == "none"
    assert results[1]["is_lead"] is False
    assert results[1]["capex"] is None
    assert 0.0 <= results[1]["score"] < first["score"] <= 1.0
    assert results[2]["capex"]["currency"] == "USD"
    assert results[2]["destination"]["country"] == "美国"


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(ITEMS[1], ensure_ascii=False) + "\n"))
    assert cli.main(["analyze", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "n2"


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("{not json", ":2: not JSON"),
        ('{"id": "x", "text": "t"}', ":2: field title: missing required field"),
        ('{"id": "x", "title": 5, "text": "t"}', ":2: field title: must be text"),
        ('["a list"]', ":2: a line must be a JSON object"),
    ],
)
def test_bad_line_exit_2_and_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, where: str
) -> None:
    path = _write(tmp_path, [json.dumps(ITEMS[0], ensure_ascii=False), line])
    assert cli.main(["analyze", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err.strip().endswith(where.lstrip(":").split(": ", 1)[1]) or where in captured.err
    )
    assert f"items.jsonl{where}" in captured.err
    assert captured.err.count("\n") == 1


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["analyze", "/nonexistent/items.jsonl"]) == 2
    assert "file not found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("labels", "where"),
    [
        ({"event_type": "factory"}, ":2: field event_type: must be one of"),
        ({"is_lead": "yes"}, ":2: field is_lead: must be true or false"),
        ({"stage": "done"}, ":2: field stage: must be null or one of"),
        ({"capex_amount": "5亿元"}, ":2: field capex_amount: must be a number or null"),
        ({"capex_amount": 5e8, "capex_currency": "yuan"}, ":2: field capex_currency: must be"),
        ({"capex": {"amount": -1, "currency": "CNY"}}, ":2: field capex: must be null or"),
        ({"companies": "比亚迪"}, ":2: field companies: must be a list"),
        (
            {"companies": [{"name": "比亚迪", "role": "boss"}]},
            ":2: field companies: must be a list",
        ),
        ({"destination": "宝应"}, ":2: field destination: must be null or an object"),
        ({"sector": 3}, ":2: field sector: must be a sector id or null"),
    ],
)
def test_eval_refuses_a_malformed_label_before_analysing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], labels: dict[str, object], where: str
) -> None:
    good = {**ITEMS[0], "event_type": "none", "companies": ["比亚迪", {"name": "宁德时代"}]}
    path = _write(tmp_path, [json.dumps(good, ensure_ascii=False),
                             json.dumps({**ITEMS[0], **labels}, ensure_ascii=False)])  # fmt: skip
    assert cli.main(["eval", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and f"items.jsonl{where}" in captured.err
    assert captured.err.count("\n") == 1
