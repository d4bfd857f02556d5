import json

from typer.testing import CliRunner

from nlp.cli import app

runner = CliRunner()


def test_classify_plain_lines():
    result = runner.invoke(app, ["classify"], input="ไม่มีเงินซื้อข้าวค่ะ\n\nผัวถือมีดไล่ฟัน ช่วยด้วย\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 2
    for row in rows:
        assert {"labels", "scores", "emergency", "emergency_score", "language", "entities"} <= set(row)
    assert rows[1]["emergency"] is True
    assert rows[0]["language"] == "th"


def test_classify_jsonl_with_sticker_keywords():
    lines = [
        json.dumps({"text": "โทร ๐๘๑-๒๓๔-๕๖๗๘ อยู่ ต.นาโพธิ์ อ.กุดรัง จ.มหาสารคาม"}, ensure_ascii=False),
        json.dumps({"text": "", "sticker_keywords": ["help", "sos"]}),
        "not json",
    ]
    result = runner.invoke(app, ["classify", "--jsonl"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 2
    assert rows[0]["entities"]["phones"] == ["0812345678"]
    assert rows[0]["entities"]["places"][0]["subdistrict_code"] == 441202
    assert rows[1]["emergency"] is True
