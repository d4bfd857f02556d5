"""Dump every Triage the shipped model gives, to prove a speed change changes no output.

    PYTHONHASHSEED=0 python -m bench.nlp.identity /tmp/before.txt
    ... change the code ...
    PYTHONHASHSEED=0 python -m bench.nlp.identity /tmp/after.txt && cmp /tmp/before.txt /tmp/after.txt

One line per message and path: the full `Triage.to_dict()` as JSON (floats as their repr, so
a last-bit difference shows), for every example in `nlp.load_examples()`, odd inputs, sticker
keywords, and messages made by cutting and joining examples with place names and English, Burmese,
Khmer and Lao words (deterministic: a fixed random seed). Each is classified one at a time, with
`classify_many` in batches of 64 (the batched path) and in batches of 5 (the one-by-one path).
Run it under several PYTHONHASHSEED values: set order must never reach the output.

`--raw` dumps the scores before rounding to 4 decimals (it replaces `nlp.model`'s rounding),
so that a change in the last bit of a probability shows even where the rounded score hides it.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import geothai  # noqa: E402

import nlp  # noqa: E402

ODD = [
    "", " ", "\n\n\t", "\u200b\u200c\u200d\ufeff", "ช่วย\u200bด้วย\u200d", "😭😭😭", "🙏🏻🙏🏻", "🔪🆘",
    "🔪", "💊😭", "ก" * 5000, "ช่วยด้วย " * 700, "\ud800\udfff lone surrogates \udc00",
    "混合 テキスト ภาษาไทย English ကူညီ ជួយ ຊ່ວຍ", "\x00\x01\x02 control", "<script>alert(1)</script>",
    "0" * 300, "๑๒๓๔๕๖๗๘๙๐" * 30, "ุุุุ่่่่้้้้", "a" * 10000, "help me now please, he has a knife",
    "my husband hits me every day and I have no money", "ผัวเมาถือมีดไล่ฟัน อยู่ ต.นาโพธิ์ อ.กุดรัง จ.มหาสารคาม โทร ๐๘๑-๒๓๔-๕๖๗๘",
    "ขอเบอร์ 081 234 5678 และ +66 2 123 4567 บัตร 1-1014-00123-45-6 อายุสิบห้าขวบ",
    "အမြန်ကူညီပါ သတိလစ်နေတယ်", "ក្មេងនៅម្នាក់ឯង ចង់ស្លាប់", "ຊ່ວຍດ່ວນ ບໍ່ມີເງິນ ຖືພາ",
    "ค่าาาาาา 55555 มากกกกก ๆๆๆ เเม่ ทํา", "hеlp (cyrillic e) ฃวด ฅน", "Chiang Mai chiangmai BANGKOK bkk korat",
    "ลาดพร้าว บางกะปิ กทม", "แถวบ้านป้าแดง", "อ.เมือง จ.เชียงใหม่", "เลย", "จ.เลย อ.เมือง", "10400 ต.สามเสนใน",
    "ซอยลาดพร้าว 101 ถนนรามคำแหง วัดบางนา", "I'm 16 y/o, age: 16, 16 years old", "ตี 2 อยู่คนเดียว ไม่มีที่ไป",
    "\u3000\u00a0\u2028\u2029", "ＡＢＣ１２３", "ﾃｽﾄ", "ไม่มีข้าวกิน\n\n\n\tหิว", None, 12345, 3.5,
]
STICKERS = [
    (None, ["help"]), ("", ["crying", "sad"]), ("", ["knife"]), ("ช่วยด้วย", ["SOS", "please"]),
    ("", ["happy", "love"]), ("", []), ("", ["ช่วยด้วย", "เจ็บ"]), ("ไม่มีเงิน", ["broke", "hungry"]),
    ("", ["  ", "\ud800"]), ("", "help"), ("", [None, 3, "Poison", "pills"]), ("", ["x" * 500]),
    ("อยู่ จ.เชียงใหม่", ["baby", "pregnant"]),
]
_EXTRA_WORDS = ["help", "now", "knife", "bangkok", "chiang mai", "ด่วน", "ช่วยด้วย", "🆘", "😭", "🔪",
                "ကူညီ", "ជួយ", "ຊ່ວຍ", "0812345678", "อายุ 7 ขวบ", "  ", "\n", "ตอนนี้", "555555"]


def synthetic(examples: list[str], n: int, seed: int = 20261124) -> list[str]:
    """Messages cut and joined from examples, place names (with and without markers) and
    words of other scripts: inputs no example covers on its own."""
    rng = random.Random(seed)
    subs = sorted(geothai._subdistricts(), key=lambda s: s.code)
    dists = sorted(geothai._districts(), key=lambda d: d.code)
    provs = sorted(geothai.provinces(), key=lambda p: p.code)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 4)):
            r = rng.random()
            if r < 0.4:
                t = rng.choice(examples)
                a = rng.randint(0, len(t))
                parts.append(t[a : a + rng.randint(1, 200)])
            elif r < 0.6:
                s = rng.choice(subs)
                d = geothai.district(s.district_code)
                p = geothai.province(s.province_code)
                marked = rng.random() < 0.5
                parts.append(("ต." if marked else "") + s.name_th + " "
                             + ("อ." if rng.random() < 0.5 else "") + d.name_th
                             + (" จ." + p.name_th if rng.random() < 0.5 else ""))
            elif r < 0.7:
                area = rng.choice(dists + provs)
                parts.append(area.name_en or area.name_th if rng.random() < 0.5 else area.name_th)
            elif r < 0.8:
                area = rng.choice(subs)
                parts.append(rng.choice(["ซอย", "วัด", "ถนน", "แขวง", "เขต", "", "ตำบล"]) + area.name_th)
            else:
                parts.append(rng.choice(_EXTRA_WORDS))
        sep = rng.choice([" ", "", "\n", " , "])
        out.append(sep.join(parts))
    return out


def main(argv: list[str]) -> int:
    raw = "--raw" in argv
    argv = [a for a in argv if a != "--raw"]
    path = Path(argv[0]) if argv else Path("identity.txt")
    if raw:
        import nlp.model as model_module

        model_module._round4 = list
        model_module.round = lambda value, digits=None: value
    model = nlp.default_classifier()
    texts = [ex["text"] for ex in nlp.load_examples()]
    inputs = texts + ODD + synthetic(texts, 3000)
    lines = []

    def dump(tag: str, i: int, t: nlp.Triage) -> None:
        lines.append(f"{tag}\t{i}\t" + json.dumps(t.to_dict(), ensure_ascii=False))

    for i, text in enumerate(inputs):
        dump("one", i, model.classify(text))
    for size, tag in ((64, "many64"), (5, "many5")):
        for start in range(0, len(inputs), size):
            for j, t in enumerate(model.classify_many(inputs[start : start + size])):
                dump(tag, start + j, t)
    for i, (text, stickers) in enumerate(STICKERS):
        dump("sticker", i, model.classify(text, sticker_keywords=stickers))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} lines -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
