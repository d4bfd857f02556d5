"""A curated Thai/English lexicon: what words mean for triage, independent of any training data.

Each group becomes a feature (how many of its terms a message holds), so the model can read a
word it never saw in training if the lexicon knows it, and the emergency rules (emergency.py) can
use the `danger_*` groups. Terms are written in `normalize()` form (lower case, no repeated
letters). Thai has no spaces, so terms match as substrings; terms that are also parts of common
unrelated words are left out or written longer.
"""

from __future__ import annotations

import re
from functools import cache

from nlp._regex import HAS_LATIN

LEXICON: dict[str, tuple[str, ...]] = {
    # ---- danger now (emergency.py reads these groups) ----
    "danger_suicide": (
        "ฆ่าตัวตาย", "ฆ่าตัวเอง", "อยากตาย", "อยากตายแล้ว", "อยากจะตาย", "ไม่อยากอยู่แล้ว",
        "ไม่อยากมีชีวิต", "ไม่อยากหายใจ", "จบชีวิต", "ปลิดชีพ", "ลาโลก", "ผูกคอ", "แขวนคอ",
        "กระโดดตึก", "กระโดดสะพาน", "กระโดดน้ำ", "กรีดข้อมือ", "กรีดแขน", "กินยาตาย",
        "กินยาเกินขนาด", "กินยาหมดแผง", "กินยาฆ่าแมลง", "ยาฆ่าหญ้า", "ยาเบื่อหนู", "ดื่มน้ำยา",
        "ลาก่อนทุกคน", "ขอโทษทุกคน", "ไม่อยู่แล้ว", "ตายๆ ไปซะ", "เขียนจดหมายลา",
        "kill myself", "suicide", "end my life", "want to die", "wanna die", "overdose",
        "cut myself", "jump off", "hang myself", "no reason to live",
    ),
    "danger_weapon": (
        "มีด", "ปืน", "ขวาน", "พร้า", "ไม้หน้าสาม", "ระเบิด", "กรรไกรจ่อ", "จ่อคอ", "จ่อหัว", "ยิง",
        "แทง", "เอามีดฟัน", "ขู่ฆ่า", "จะฆ่า", "ฆ่าให้ตาย", "น้ำมันราด", "ราดน้ำมัน", "จุดไฟเผา",
        "knife", "gun", "shoot", "stab", "weapon", "kill me", "kill her", "kill him",
        "kill us",
    ),
    "danger_violence_now": (
        "กำลังตี", "กำลังทำร้าย", "กำลังทุบ", "กำลังต่อย", "กำลังซ้อม", "ตีไม่หยุด", "ทุบประตู",
        "พังประตู", "บีบคอ", "รัดคอ", "กระทืบ", "ลากผม", "ตบหน้า", "เตะท้อง", "ขังไว้",
        "ถูกขัง", "โดนขัง", "กักขัง", "ล่ามโซ่", "มัดมือ", "มัดไว้", "ปิดปาก", "ลักพาตัว",
        "ลากตัว", "ฉุดไป", "ข่มขืน", "ล่วงละเมิด", "ตามมาถึง", "อยู่หน้าบ้าน", "หนีออกมา",
        "ซ่อนอยู่", "แอบอยู่", "ล็อกห้อง", "beating", "hitting me", "he is hitting",
        "locked in", "locked me", "hiding", "choking", "raped", "rape",
    ),
    "danger_medical": (
        "หมดสติ", "ไม่รู้สึกตัว", "ไม่ได้สติ", "ปลุกไม่ตื่น", "ปลุกบ่ตื่น", "เรียกไม่ตื่น",
        "ไม่ตอบสนอง", "ไม่ขยับ", "นอนนิ่ง", "ตัวเย็น", "ตัวเขียว", "ปากซีด", "ปากเขียว",
        "หายใจไม่ออก", "หายใจไม่ค่อยออก", "หายใจหอบ", "หายใจแผ่ว", "ไม่หายใจ", "หายใจลำบาก",
        "เลือดออก", "เลือดไหล", "ตกเลือด", "อาเจียนเป็นเลือด", "ชัก", "เจ็บหน้าอก", "ล้มฟาด",
        "หัวแตก", "กระดูกหัก", "น้ำเดิน", "ปวดท้องจะคลอด", "จะคลอด", "คลอดลูก", "แท้ง",
        "ไข้สูง", "ซึม", "ช็อก", "ขาดน้ำ", "ไม่ได้กินข้าวมา", "ไม่ได้กินอะไรมา",
        "unconscious", "not breathing", "can't breathe", "bleeding", "seizure", "collapsed",
    ),
    "danger_alone": (
        "อยู่คนเดียว", "ทิ้งไว้", "ถูกทิ้ง", "โดนทิ้ง", "ไม่มีผู้ใหญ่", "ไม่มีใครดูแล",
        "ไม่มีคนดูแล", "ติดอยู่ในบ้าน", "ติดอยู่ใน", "ออกมาไม่ได้", "ล็อกประตู", "ประตูล็อก",
        "ปิดล็อก", "alone", "abandoned", "left alone", "trapped",
    ),
    "danger_hazard": (
        "ไฟไหม้", "น้ำท่วม", "ตึกถล่ม", "ดินสไลด์", "ระเบียง", "ตกน้ำ", "จมน้ำ", "ในรถคนเดียว",
        "ริมถนน", "on fire", "house fire", "flood", "drowning",
    ),
    "urgent": (
        "ด่วน", "ช่วยด้วย", "ช่วยหนูด้วย", "ช่วยผมด้วย", "ช่วยที", "ช่วยแหน่", "ช่วยแหม",
        "ช่วยเร็ว", "รีบมา", "เดี๋ยวนี้", "ตอนนี้", "เหตุฉุกเฉิน", "ฉุกเฉิน", "1669", "191",
        "sos", "help", "urgent", "emergency", "now", "asap", "please hurry",
    ),
    # ---- problem types (one group per label and its neighbours) ----
    "violence": (
        "ผัวตี", "ผัวซ้อม", "สามีตี", "ถูกทำร้าย", "โดนทำร้าย", "รุมทำร้าย", "ซ้อมหนัก", "บ่ตี", "ตีข้อย", "ขู่ทำร้าย", "ยาบ้า", "เสพยา", "ติดยา", "ขี้เหล้า", "อาละวาด",
        "ทำร้าย", "ตบ", "ตีหัว", "ตีลูก", "ตีเมีย", "ตีแม่", "ทุบตี", "โดนตี", "ถูกตี", "ต่อย", "เตะ", "ซ้อม", "ทุบ", "ผลัก", "บีบคอ", "ด่าทอ", "ขู่",
        "ข่มขู่", "ทะเลาะ", "หึง", "สามีเมา", "ผัวเมา", "แฟนเมา", "ผัว", "สามี", "แฟน",
        "รอยช้ำ", "ฟกช้ำ", "แผล", "ความรุนแรง", "ใช้กำลัง", "ทารุณ", "domestic", "abuse",
        "hit me", "beat", "violent", "husband", "boyfriend",
    ),
    "sexual": (
        "ข่มขืน", "ล่วงละเมิดทางเพศ", "ลวนลาม", "จับหน้าอก", "จับก้น", "บังคับมีเซ็กส์",
        "บังคับมีอะไร", "ทำอนาจาร", "อนาจาร", "คลิปหลุด", "แบล็กเมล์", "ส่งรูปโป๊", "ขายบริการ",
        "sexual", "molest", "rape", "nude",
    ),
    "trafficking": (
        "ปอยเปต", "คาสิโน", "หลอกคนโอนเงิน", "หลอกโอนเงิน", "แอดมินเว็บ", "งานต่างประเทศ", "ทำงานต่างประเทศ", "ค่าตอบแทนสูง", "เงินเดือนสูง", "ออกค่ารถให้", "ยึดโทรศัพท์", "ไม่ได้ค่าแรง", "ไม่จ่ายค่าจ้าง", "ขังไว้ในตึก", "ขายไป", "ใช้หนี้", "ขึ้นฝั่ง", "ลูกเรือ",
        "ค้ามนุษย์", "ยึดพาสปอร์ต", "ยึดหนังสือเดินทาง", "ยึดบัตร", "ยึดเอกสาร", "ไม่ให้กลับบ้าน",
        "ไม่ให้ออก", "หนีไม่ได้", "บังคับทำงาน", "บังคับค้าประเวณี", "ค้าประเวณี", "นายหน้า",
        "หลอกไปทำงาน", "หลอกไปต่างประเทศ", "ชายแดน", "เรือประมง", "ขายตัว", "ถูกขาย",
        "ขายลูก", "หนี้ค่าหัว", "ค่าหัว", "แก๊งคอลเซ็นเตอร์", "คอลเซ็นเตอร์", "กัมพูชา", "เมียวดี",
        "พม่า", "ลาว", "แรงงานต่างด้าว", "ต่างด้าว", "passport", "trafficking", "forced",
        "smuggl", "broker", "scam center",
    ),
    "child_labor": (
        "หยุดเรียน", "ไม่ได้ไปเรียน", "ลาออกจากโรงเรียน", "เก็บขยะขาย", "ตัดอ้อย", "ฟาร์ม", "นั่งดริ้ง", "เด็กเสิร์ฟ", "ใช้เด็ก", "เด็กต่างด้าว", "ให้ลูกทำงาน", "ช่วยพ่อแม่ทำงาน", "ไซต์ก่อสร้าง", "ทำงานกลางคืน",
        "ใช้แรงงานเด็ก", "เด็กทำงาน", "ให้เด็กทำงาน", "เด็กขายของ", "ขายพวงมาลัย", "ขอทาน",
        "ไม่ได้ไปโรงเรียน", "ไม่ได้เรียน", "ออกจากโรงเรียน", "ทำงานโรงงาน", "ล้างจาน",
        "ทำงานทั้งวัน", "ค่าแรง", "child labor", "child labour", "underage", "working child",
    ),
    "pregnancy": (
        "มีท้อง", "ท้องได้", "ท้องแล้ว", "ท้องกับ", "คลอดก่อนกำหนด", "เจ็บท้อง", "อุ้มท้อง", "ถือพา",
        "ท้อง", "ตั้งครรภ์", "ตั้งท้อง", "ครรภ์", "คนท้อง", "แพ้ท้อง", "ฝากครรภ์", "ทำแท้ง",
        "ยุติการตั้งครรภ์", "เอาเด็กออก", "ประจำเดือนไม่มา", "เมนส์ไม่มา", "ที่ตรวจครรภ์",
        "สองขีด", "ท้องไม่พร้อม", "คลอด", "ลูกอ่อน", "ทารก", "นมผง", "pregnant", "pregnancy",
        "abortion", "baby",
    ),
    "poverty": (
        "บ่มีเงิน", "บ่มีข้าว", "บ่มีตัง", "ไม่มีตัง", "ค่ารถ", "ไม่พอใช้", "หาเงิน", "ทุนหาย", "ขายของ", "ค่าใช้จ่าย", "ไม่มีทุน",
        "ไม่มีเงิน", "เงินหมด", "ไม่มีข้าว", "ไม่มีข้าวกิน", "หิว", "อดข้าว", "ตกงาน", "หนี้",
        "หนี้สิน", "ค่าเช่า", "ค่าไฟ", "ค่าน้ำ", "ค่าเทอม", "ยากจน", "คนจน", "ขัดสน", "ลำบาก",
        "ไม่พอกิน", "รายได้", "กู้เงิน", "นอกระบบ", "ดอกเบี้ย", "จำนำ", "ขายของไม่ได้",
        "no money", "broke", "debt", "hungry", "jobless", "unemployed", "pay rent", "the rent",
    ),
    "homeless": (
        "บ่มีบ่อนอยู่", "บ่มีเฮือน", "บ่มีบ้าน", "นอนหน้า", "นอนม้านั่ง", "นอนสวนสาธารณะ", "นอนศาลา", "ไม่มีห้อง", "ถูกไล่ที่", "emergency housing", "evict",
        "ไร้บ้าน", "ไม่มีที่อยู่", "ไม่มีที่นอน", "ไม่มีบ้าน", "นอนข้างถนน", "นอนริมถนน",
        "นอนใต้สะพาน", "ใต้ทางด่วน", "สถานีรถไฟ", "หัวลำโพง", "ป้ายรถเมล์", "ถูกไล่ออก",
        "โดนไล่ออก", "ไล่ที่", "ไม่มีที่ไป", "เร่ร่อน", "คนเร่ร่อน", "ที่พักพิง", "บ้านพักฉุกเฉิน",
        "homeless", "shelter", "sleeping rough", "evicted", "on the street",
    ),
    "neglect": (
        "ติดเตียง", "ทอดทิ้ง", "ถูกทิ้ง", "ไม่มีใครดูแล", "ไม่มีคนดูแล", "ปล่อยให้อยู่",
        "อยู่คนเดียว", "ลูกไม่มาดู", "ลูกหลานไม่ดูแล", "ไม่ให้กินข้าว", "ล่ามโซ่", "ขังไว้",
        "ผู้สูงอายุ", "คนแก่", "ยาย", "คุณตา", "ตายาย", "ปู่", "คุณย่า", "ปู่ย่า", "พ่อใหญ่", "แม่ใหญ่", "ป้อหลวง",
        "แม่อุ้ย", "พ่ออุ้ย", "พิการ", "อัมพาต", "neglect", "elderly", "bedridden",
    ),
    "benefits": (
        "เบี้ยยังชีพ", "เบี้ยผู้สูงอายุ", "เบี้ยคนพิการ", "เบี้ยความพิการ", "เงินอุดหนุน",
        "เงินอุดหนุนเด็กแรกเกิด", "บัตรสวัสดิการ", "บัตรคนจน", "สวัสดิการแห่งรัฐ", "ลงทะเบียน",
        "สิทธิ", "ประกันสังคม", "บัตรทอง", "30 บาท", "บัตรคนพิการ", "ทำบัตร", "ยื่นเอกสาร",
        "เอกสารอะไร", "สมัคร", "เงินเยียวยา", "เงินสงเคราะห์", "ขอรับ", "ติดต่อที่ไหน", "อบต",
        "เทศบาล", "พมจ", "benefit", "allowance", "welfare", "subsidy", "apply", "register",
    ),
    "mental_health": (
        "ติดเกม", "ตีตัวเอง", "หูแว่ว", "คลั่ง", "ตะโกน", "หวาดระแวง", "นอนบ่หลับ", "จิตตก", "อยากหายไป", "ไม่อยากตื่น", "ไม่มีใคร", "ร้องไห้", "เสียใจ", "ซึมเศร้า",
        "ซึมเศร้า", "เครียด", "เครียดมาก", "วิตกกังวล", "แพนิค", "นอนไม่หลับ", "ร้องไห้ทุกวัน",
        "ไม่มีความสุข", "เหนื่อยกับชีวิต", "ท้อแท้", "หมดหวัง", "สิ้นหวัง", "ไร้ค่า", "เบื่อชีวิต",
        "จิตแพทย์", "จิตเวช", "หูแว่ว", "ประสาทหลอน", "ไบโพลาร์", "ทำร้ายตัวเอง", "กรีด",
        "คิดมาก", "โดดเดี่ยว", "เหงา", "ไม่ไหวแล้ว", "depress", "anxiety", "panic", "stress",
        "lonely", "hopeless", "mental",
    ),
}

# Burmese (my), Khmer (km) and Lao (lo) words for the same problems: migrant workers write in them.
_MY_KM_LO: dict[str, tuple[str, ...]] = {
    "pregnancy": ("ကိုယ်ဝန်", "មានផ្ទៃពោះ", "ពពោះ", "ຖືພາ", "ເກີດລູກ", "ມີທ້ອງ"),
    "poverty": ("ပိုက်ဆံမရှိ", "ငွေမရှိ", "စားစရာမရှိ", "အလုပ်ပြုတ်", "គ្មានលុយ", "គ្មានអាហារ",
                "ບໍ່ມີເງິນ", "ບໍ່ມີເຂົ້າກິນ"),
    "homeless": ("နေစရာမရှိ", "အိမ်ခြေမဲ့", "គ្មានផ្ទះ", "គ្មានកន្លែងស្នាក់នៅ", "ບໍ່ມີບ່ອນຢູ່",
                 "ບໍ່ມີບ່ອນນອນ"),
    "violence": ("ရိုက်", "နှိပ်စက်", "វាយ", "ធ្វើបាប", "ຕີຂ້ອຍ", "ທໍາຮ້າຍ"),
    "trafficking": ("ပတ်စပို့", "သိမ်း", "ငါးဖမ်း", "လှေ", "အတင်းအကြပ်", "ချုပ်ထား",
                    "លិខិតឆ្លងដែន", "ចាក់សោ", "បង្ខំ", "ដកហូត", "ຫນັງສືຜ່ານແດນ", "ຍຶດ", "ບັງຄັບ",
                    "ບໍ່ຈ່າຍເງິນເດືອນ"),
    "mental_health": ("စိတ်ဓာတ်ကျ", "သေချင်", "အိပ်မပျော်", "ចង់ស្លាប់", "ធ្លាក់ទឹកចិត្ត",
                      "ຢາກຕາຍ", "ຊຶມເສົ້າ"),
    "child_labor": ("ကလေးအလုပ်", "ក្មេងធ្វើការ", "ເດັກເຮັດວຽກ"),
    "benefits": ("ထောက်ပံ့ငွေ", "မသန်စွမ်းကတ်", "ခံစားခွင့်", "စာရင်းသွင်း", "ပင်စင်",
                 "ប្រាក់ឧបត្ថម្ភ", "ប័ណ្ណពិការ", "ចុះឈ្មោះ", "អ្នកស្ម័គ្រចិត្ត",
                 "ເງິນອຸດຫນູນ", "ເງິນຊ່ວຍເຫຼືອ", "ລົງທະບຽນ", "ບັດຄົນພິການ", "ອາສາສະຫມັກ"),
    "neglect": ("စောင့်ရှောက်မယ့်သူ", "ပစ်ထား", "គ្មាននរណាមើល", "គ្មានអ្នកមើល", "បោះបង់",
                "ບໍ່ມີຄົນເບິ່ງແຍງ", "ປະຖິ້ມ", "ຖິ້ມໄວ້"),
}
for _group, _terms in _MY_KM_LO.items():
    LEXICON[_group] = LEXICON[_group] + _terms

DANGER_GROUPS = tuple(g for g in LEXICON if g.startswith("danger_"))


def _trie_pattern(words: list[str]) -> str:
    """A regex that matches any of the words, shaped as a trie so `re` never backtracks far."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


def trie_regex(words) -> re.Pattern[str]:
    """A compiled trie regex for the words (longest match at each position)."""
    words = sorted({w for w in words if w})
    return re.compile(_trie_pattern(words)) if words else re.compile(r"(?!x)x")


@cache
def _index() -> tuple[tuple[re.Pattern[str], re.Pattern[str]], dict[str, tuple[str, ...]]]:
    from nlp.normalize import normalize

    groups: dict[str, list[str]] = {}
    for group, words in LEXICON.items():
        for w in words:
            # Terms go through the same normalize() as messages, so both sides agree.
            key = normalize(w)
            if key and group not in groups.get(key, ()):
                groups.setdefault(key, []).append(group)
    thai = sorted(w for w in groups if not w.isascii())
    latin = sorted(w for w in groups if w.isascii())
    # Latin terms must start a word ("now" is not in "know"); Thai has no spaces to rely on.
    patterns = (re.compile(_trie_pattern(thai)),
                re.compile(f"(?<![a-z])(?:{_trie_pattern(latin)})"))
    return patterns, {w: tuple(g) for w, g in groups.items()}


def lexicon_hits(text: str) -> dict[str, int]:
    """Group -> number of lexicon terms found in normalised text."""
    (thai, latin), groups_of = _index()
    hits: dict[str, int] = {}
    for pattern in (thai, latin) if HAS_LATIN.search(text) else (thai,):
        for m in pattern.finditer(text):
            for g in groups_of.get(m.group(), ()):
                hits[g] = hits.get(g, 0) + 1
    return hits
