"""Emergency recall on messages written for this test, never in the training data."""

import nlp

# Clearly imminent danger, in the ways people write it: chat, typos, dialect, no spaces, emoji,
# Thai digits, English, third party reports.
IMMINENT = [
    "ผัวเมาถือมีดอยู่หน้าห้อง บอกจะฆ่าหนูกับลูก ช่วยด้วยค่ะ",
    "ตอนนี้พ่อเลี้ยงกำลังตีแม่ เลือดออกเต็มหัวเลย",
    "หนูกินยานอนหลับไปทั้งแผงแล้ว ขอโทษทุกคน",
    "ไม่ไหวแล้ว จะกระโดดตึกคืนนี้",
    "อยากตายยยยย ไม่อยากอยู่แล้ว",
    "เค้าเอาปืนจ่อหัวผม อยู่ในบ้าน ซอยวัดใหม่",
    "เด็กทารกถูกทิ้งไว้ในรถ ล็อกประตู แดดร้อนมาก",
    "มีคนนอนหมดสติอยู่หน้าเซเว่น ไม่หายใจแล้วมั้ง",
    "ลูกสาวอายุ๑๔ ถูกขังอยู่ในห้องกับผู้ชาย ตอนนี้เลย",
    "ถูกยึดพาสปอร์ต ขังไว้ในโรงงาน หนีไม่ได้ ช่วยด้วย",
    "ผมจะฆ่าตัวตาย ลาก่อน",
    "ยายติดเตียงอยู่คนเดียว ไฟไหม้บ้านข้างๆ ลามมาแล้ว",
    "เมียผมท้อง8เดือน เลือดออกเยอะมาก ปวดท้องจะคลอด",
    "สามีบีบคอฉันจนหายใจไม่ออก ตอนนี้หนีมาแอบอยู่ในห้องน้ำ",
    "he has a knife and says he will kill me, please help now",
    "I took all my pills, I want to die",
    "my dad is beating my mom right now, she is bleeding",
    "🔪🔪 ผัวไล่ฟัน",
    "💊💊💊 😭😭 ขอโทษนะแม่",
    "ช่วยด้วย!!! มีคนจะข่มขืน",
    "น้องโดนแฟนซ้อมหนักมาก ตอนนี้ไม่รู้สึกตัว",
    "ลุงข้างบ้านชักกระตุก ตัวเขียว",
    "เด็กเล็กอยู่คนเดียวบนระเบียงชั้น 8",
    "บ่อยากอยู่แล้ว สิกินยาฆ่าหญ้าให้มันจบๆ",
    "คนงานพม่าถูกล่ามโซ่ไว้ในเรือประมง",
    "เพื่อนกรีดข้อมือ เลือดไหลไม่หยุด",
    "ตอนนี้ไอ้หมอนั่นพังประตูจะเข้ามาแล้ว หนูซ่อนอยู่ในตู้",
    "น้ำท่วมถึงหลังคา ตายายติดอยู่ในบ้าน ออกมาไม่ได้",
    "แฟนขู่ฆ่า ตามมาถึงหน้าหอแล้ว",
    "ผู้หญิงถูกฉุดขึ้นรถตู้ หน้าโรงเรียน",
    "ลูกชักตาตั้ง หายใจไม่ออก",
    "พ่อเอาขวานไล่ฟันทุกคนในบ้าน",
    "ชั้นจะจบชีวิตตัวเองคืนนี้แหละ",
    "เด็กจมน้ำที่คลองหลังบ้าน",
    "He locked me in the room and took my passport, I cannot escape",
    "ช่วยด้วยค่ะ ผัวเอาน้ำมันราดตัวจะจุดไฟเผา",
    "ผมโดนแทง เลือดท่วมตัว",
    "เด็กชายอายุ 5 ขวบ ถูกแม่เลี้ยงตีจนสลบ",
    "ผัวเอาเชือกแขวนคอ ยังดิ้นอยู่",
    "ปลุกแม่ไม่ตื่น ตัวเย็นมาก",
]

CALM = [
    "สอบถามเรื่องเบี้ยผู้สูงอายุค่ะ ต้องใช้เอกสารอะไรบ้าง",
    "อยากได้งานทำครับ มีที่ไหนรับบ้าง",
    "ขอบคุณมากค่ะ ได้รับเงินแล้ว",
    "ลงทะเบียนบัตรสวัสดิการแห่งรัฐที่ไหนครับ",
    "ค่าเทอมลูกยังไม่มีจ่ายเลย เดือนหน้าจะทำไงดี",
    "สวัสดีตอนเช้าค่ะ ขอสอบถามหน่อย",
    "เงินอุดหนุนเด็กแรกเกิดได้เดือนละเท่าไหร่คะ",
    "อยากทราบเบอร์ติดต่อ พมจ. ขอนแก่นค่ะ",
    "เช็คสิทธิ์ประกันสังคมยังไงครับ",
    "ตกงานมาสองเดือน อยากได้คำแนะนำเรื่องหางานค่ะ",
    # Short replies to the bot's questions: little text must not look like danger.
    "แถวบ้านป้าแดงค่ะ",
    "ลูกสาวค่ะ",
    "ป้าข้างบ้านเป็นคนบอก",
    "ผมเองครับ",
]


def test_no_test_message_is_in_the_training_data():
    known = {nlp.normalize(ex["text"]) for ex in nlp.load_examples()}
    assert not [t for t in IMMINENT + CALM if nlp.normalize(t) in known]


def test_emergency_recall_on_unseen_imminent_messages():
    missed = [t for t in IMMINENT if not nlp.classify(t).emergency]
    recall = 1 - len(missed) / len(IMMINENT)
    assert recall >= 0.97, f"missed: {missed}"


def test_calm_messages_are_mostly_not_emergencies():
    flagged = [t for t in CALM if nlp.classify(t).emergency]
    assert len(flagged) <= 3, f"false alarms: {flagged}"


def test_emergency_score_orders_danger_above_calm():
    danger = min(nlp.classify(t).emergency_score for t in IMMINENT[:10])
    calm = max(nlp.classify(t).emergency_score for t in CALM)
    assert danger > calm


# Someone held now: the rules alone must catch these, whatever a model learned.
HELD_NOW = [
    "เถ้าแก่ไม่ให้ออกไปไหนเลย ยึดบัตรไปแล้ว ตอนนี้ยังอยู่ในโรงงาน",
    "น้องสาวถูกห้ามออกจากร้านนวด โทรมาแอบๆ",
    "ไต๋เรือบ่ให้ขึ้นฝั่งมาสามเดือนแล้ว",
    "My cousin is not allowed to leave the house where she works as a maid",
    "ထွက်ခွင့်မရှိဘူး အလုပ်ရှင်က ဖုန်းသိမ်းထားတယ်",
]
NOT_HELD = [
    "ขอบคุณค่ะ ตอนนี้ออกไปไหนมาไหนได้แล้ว สบายดี",
    "ช่วงน้ำท่วมออกไปซื้อของได้แล้วค่ะ",
]


def test_rules_catch_someone_held_now():
    from nlp.emergency import imminent_danger

    assert [t for t in HELD_NOW if not imminent_danger(nlp.normalize(t))] == []
    assert [t for t in NOT_HELD if imminent_danger(nlp.normalize(t))] == []


# Weapons, overdoses, falls and injuries the rules missed in cross-validation (training split),
# written afresh here: the rules alone must catch them.
DANGER_NOW = [
    "ពេលនេះប្តីខ្ញុំកាន់កាំបិតឈរនៅមាត់ទ្វារ",  # Khmer: my husband holds a knife at the door
    "ຜົວເອົາມີດມາຂູ່ຂ້ອຍ",  # Lao: husband threatens me with a knife
    "ယောက်ျားက ဓားနဲ့ ခြိမ်းခြောက်နေတယ်",  # Burmese: husband threatening with a knife
    "ຂ້ອຍກິນຢາໄປຫຼາຍເມັດແລ້ວ",  # Lao: I have taken many pills
    "ไม่ต้องรอแล้ว กระโดดเลยคืนนี้",
    "I've made my decision. Please look after my cat.",
    "ลูกชายโดนรถชนหน้าปากซอย ยังนอนอยู่ที่พื้น",
    "เด็กตัวม่วงแล้ว ไม่ร้องเลย",
    "ကလေး ရေထဲ ပြုတ်ကျသွားပြီ",  # Burmese: a child fell into the water
    "ตอนนี้หนูโดนล็อกไว้ในห้องพักคนงาน",
    "ออกจากตึกไม่ได้ค่ะ เขาเฝ้าประตูอยู่",
    "อย่าโทรมานะ เขาจะได้ยิน",
    "ส่งตำรวจมาที่ร้านข้าวมันไก่หน้าตลาดด้วย",
    "ตู้เหล็กล้มทับขาคนงาน ดึงออกไม่ได้",
    "หลานสามคนอยู่ห้องกันเองมา 3 คืนแล้ว แม่ไม่ติดต่อมาเลย",
    "ตาเป็นอัลไซเมอร์ เดินหลงออกจากบ้านตั้งแต่เช้า ตอนนี้ค่ำแล้วยังหาไม่เจอ",
    "พ่อติดเตียง ตอนนี้ไม่มีใครอยู่ด้วยสักคน",
    "My 5 year old is alone at home, I'm stuck at the hospital",
    "พวกมันโทรมาเรียกค่าไถ่ตัวน้องสาวหนู",
    # Gaps found by a blind set of fresh messages (nlp/data/probe/), written afresh here.
    "the neighbours tied their boy up in the yard, he has been there since noon",
    "a little girl is tied to the front gate in the sun, nobody comes out",
    "Our cleaner's kids say their mum hasn't come back for 4 days, they have no food",
    "แม่น้องไม่กลับบ้านมาหนึ่งอาทิตย์แล้ว น้องสองคนกินแต่มาม่า",
    "เถ้าแก่ไม่เคยให้ออกจากร้านเลยตั้งแต่มาทำงาน",
    # The wish not to live, as the Thai rule reads it, in other dialects and languages.
    "เมื่อยหลายเด้อ บ่อยากอยู่แล้ว",
    "ເມື່ອຍຫຼາຍ ບໍ່ຢາກມີຊີວິດແລ້ວ",  # Lao: so tired, don't want to live any more
    "ខ្ញុំមិនចង់រស់ទៀតទេ",  # Khmer: I don't want to live any more
    "ကျွန်မ အသက်မရှင်ချင်တော့ဘူး",  # Burmese: I don't want to live any more
    "เหนื่อยมากพี่ ไม่อยาก live แล้ว",
    "อยากหลับยาวๆ ไม่ต้องตื่นอีกแล้ว",
    "ถ้าผมตายไป เงินประกันชีวิตจะพอให้ลูกเรียนจบ",  # already caught: "ถ้า(ผม)ตายไป"
    "ถ้าพ่อไม่อยู่แล้ว เงินประกันชีวิตคงช่วยแม่ได้",
    "เขาขอเงินไถ่ตัวสามแสน ไม่งั้นจะขายต่อ",
    "ថៅកែមិនឲ្យខ្ញុំចេញទៅណាទេ",  # Khmer, with ឲ្យ: the boss won't let me go anywhere
    # English overdoses and poisonings in other words than "took my pills" (found in new
    # writers' held-out messages, written afresh here).
    "my sister swallowed a whole box of her sleeping pills, she won't wake up properly",
    "He swallowed rat poison in the kitchen",
    "I took 30 tablets an hour ago",
    "took a handful of paracetamol after work, feel strange",
    "my uncle drank pesticide behind the house",
    "ตอนนี้มีวัยรุ่นรุมต่อยพ่ออยู่หน้าร้านค่ะ",
    "นักเรียนห้าคนล้อมน้องไว้อยู่ที่ลานจอดรถ",
    "หลานสองขวบถ่ายเป็นน้ำตั้งแต่เช้า ปากแห้ง ไม่ฉี่เลย",
]
NOT_DANGER_NOW = [
    "เมื่อวานเกือบโดนรถชน แต่ไม่เป็นไรค่ะ",
    "เหมือนมีอะไรหนักๆ ทับอกทุกเช้า ไม่อยากทำอะไรเลย",
    "ดูแลแม่คนเดียว สามวันนี้เหนื่อยมากค่ะ แต่แม่สบายดี",
    "ตอนกลางวันไม่มีใครอยู่กับพ่อ อยากหาคนมาช่วยดูแลค่ะ",
    "ขอสอบถามเรื่องเบี้ยผู้สูงอายุค่ะ",
    "my dad hasn't been home for dinner much since he got the new job",
    "tie up loose ends at work before the holiday, then I'll call",
    "my work visa is tied to my employer, can I change jobs?",
    "I'm tied up at work until six, please call after",
    "แม่ไม่เคยให้ออกไปเที่ยวกลางคืน เลยไม่มีเพื่อน",
    "บ่อยากอยู่บ้านผู้เดียวเลยมาหาเพื่อน",
    "เมื่อคืนหลับไม่ตื่นเลย ไม่ได้ยินเสียงโทรศัพท์",
    "สนใจทำประกันชีวิตให้ลูกค่ะ",
    "ไปไถ่ของที่โรงรับจำนำคืนมาแล้ว",
    "พ่อตายไปแล้วเมื่อปีก่อน จะเบิกเงินประกันชีวิตได้ที่ไหนคะ",
    "เหนื่อยงานมาก อยากนอนไม่ต้องตื่นเช้าบ้าง",
    "บ่อยากอยู่ต่อที่โรงงานนี้แล้ว อยากหางานใหม่",
    "difficulty swallowing since the operation, which clinic should I go to?",
    "I take my pills every morning like the doctor said",
    "he took a bottle of water and left for work",
    "the pharmacy took 2 days to send my tablets",
    "เมื่อวานโดนรุมต่อยที่โรงเรียน ตอนนี้หายแล้ว",
    "เด็กๆ รุมล้อมขอลายเซ็นนักฟุตบอลอยู่หน้าเวที",
    "ลูกท้องเสียเมื่อวาน วันนี้หายแล้ว กินนมได้ปกติ",
]


def test_rules_catch_weapons_overdoses_and_injuries_in_every_language():
    from nlp.emergency import imminent_danger

    assert [t for t in DANGER_NOW if not imminent_danger(nlp.normalize(t))] == []
    assert [t for t in NOT_DANGER_NOW if imminent_danger(nlp.normalize(t))] == []


def test_rules_and_lexicon_are_written_in_normalised_form():
    # Both match normalised text: a character normalize() rewrites (Lao ໝ -> ຫມ, ຳ -> ໍາ under
    # NFKC) would leave its pattern dead without any error.
    from nlp.emergency import _RULES
    from nlp.lexicon import LEXICON

    rule_chars = {c for pattern in _RULES.values() for c in pattern if ord(c) > 127}
    assert sorted(c for c in rule_chars if nlp.normalize(c) != c) == []
    assert [t for terms in LEXICON.values() for t in terms if nlp.normalize(t) != t] == []
    from nlp.emergency import imminent_danger

    assert imminent_danger(nlp.normalize("ຂ້ອຍຂຽນຈົດໝາຍລາແລ້ວ")) == ["suicide"]  # a farewell letter
