"""High-recall rules for danger to life or safety right now.

The learned emergency score generalises from examples; these rules are the safety net under it
for the messages that must never be missed, written from what crisis lines see rather than from
the training data: suicide in progress, a weapon or an assault happening now, someone
unconscious, not breathing or bleeding, a baby or a bedridden person left alone, fire or flood
with someone trapped. A rule firing makes the message an emergency whatever the model says,
because a false alarm costs a social worker a minute and a miss can cost a life.
"""

from __future__ import annotations

from nlp._anchored import AnyOf

# Score given to a message when a rule fires; above every threshold train.py may choose.
RULE_SCORE = 0.95

_W = ".{0,40}"  # words between two parts of a pattern (Thai has no spaces to count words by)

_YOUNG = (
    r"(?:ทารก|เด็กเล็ก|เด็กอ่อน|ลูกอ่อน|ลูกเล็ก|ลูกน้อย|น้องเล็ก|เด็กแรกเกิด|อนุบาล"
    r"|(?:[1-6]|หนึ่ง|สอง|สาม|สี่|ห้า|หก)\s*ขวบ|ขวบกว่า|ขวบนึง|ยังไม่ถึงขวบ)"
)
_ALONE = (
    r"(?:คนเดียว|ผู้เดียว|อยู่กันเอง|ลำพัง|ทิ้งไว้|ถูกทิ้ง|ไม่มีผู้ใหญ่|ไม่มีใครดู|ไม่มีใครอยู่|ล็อก|ขังไว้"
    r"|ในรถ|ริมถนน|กลางถนน|ถนนใหญ่|ระเบียง|หลังคา|ถังขยะ)"
)

_RULES: dict[str, str] = {
    "suicide": (
        r"เตรียมยาไว้|จัดการเรื่องทรัพย์สิน|ฝากดูแล(?:ลูก|แม่|พ่อ|แมว|หมา|น้อง)|ขอบคุณ(?:ทุกอย่าง|ทุกคน)(?:นะ|ที่ผ่านมา)?\s*$"
        r"|ทุกอย่างเรียบร้อยแล้ว|ประกันชีวิตไว้ให้|ถ้า(?:ฉัน|ผม|หนู|กู)?ตายไป|ชานชาลา|รางรถไฟ"
        r"|เสียงในหัว.{0,20}(?:ทำร้าย|ฆ่า|ตาย)|ขอบ(?:ตึก|ระเบียง|ลานจอด|สะพาน|หน้าต่าง|ดาดฟ้า)"
        r"|លេបថ្នាំ|(?<![a-z])(?:train tracks?|final chapter|it'?s time\W*$|letters? (?:to|for) my"
        r"|thanks? (?:to )?every(?:one|body)|edge of the (?:roof|building|bridge))|"
        r"บอกลา|ลาทุกคน|ไม่ต้องห่วง(?:หนู|ผม|ฉัน|เรา)(?:แล้ว)?|จดหมายถึง(?:ลูก|แม่|พ่อ|ครอบครัว)"
        r"|พา.{0,12}ตายไปด้วย|ตายไปด้วยกัน|ฆ่ายกครัว|(?<![a-z])(?:say(?:ing)? goodbye|don'?t worry about me)|"
        r"(?<!เคย)(?<!เคยพยายาม)(?<!เคยคิด)ฆ่าตัวตาย(?!ไปเมื่อ|ไปแล้ว|ตอน)|ฆ่าตัวเอง|(?<!ไม่ได้)(?<!ไม่)อยากตาย|อยากจะตาย|ไม่อยากอยู่แล้ว|ไม่อยากมีชีวิต|จบชีวิต|ปลิดชีพ"
        r"|ลาโลก|ผูกคอ|แขวนคอ|กรีดข้อมือ|กรีดแขน|ยาฆ่าแมลง|ยาฆ่าหญ้า|ยาเบื่อหนู|เผาถ่าน|ท่อไอเสีย"
        r"|(?:กิน|กิ๋น)ยา.{0,12}(?:หมด|เกิน|ทั้งแผง|แผง|ขวด|กำมือ|เยอะ|หลายเม็ด|ไปแล้ว|ไปเมื่อกี้|เข้าไป|ครึ่ง|กระปุก)"
        r"|(?:กระโดด|โดด).{0,16}(?:ตึก|สะพาน|น้ำ|ระเบียง|ชั้น|ราง|ดาดฟ้า|แล้ว|ลงไป)|จะ(?:กระโดด|โดด)"
        r"|(?:บน|ขึ้น)(?:ดาดฟ้า|สะพาน|ราวสะพาน).{0,60}(?:จะ|คิด|ไม่ไหว|ลา|จบ)"
        r"|(?:จดหมาย|ข้อความ)ลา|ลาก่อน|จะจบ(?:ตรงนี้|ทุกอย่าง|แล้ว)|ให้มันจบ|ไม่อยากหายใจ"
        r"|ให้ทุกอย่าง(?:มัน)?จบ|ขอโทษทุกคน|ฝาก(?:ลูก|แม่|พ่อ|น้อง)(?:ด้วย|นำ|ไว้)|เชือก.{0,30}(?:ผูก|แขวน)"
        # The same wish in Isan, Lao, Khmer, Burmese and chat English-Thai as "ไม่อยากมีชีวิต"
        # above: a speaker's dialect must not decide whether they are heard.
        r"|บ่อยากอยู่แล้ว|บ่อยากมีชีวิต|(?:ไม่|บ่)อยาก\s*live|ບໍ່ຢາກມີຊີວິດ"
        r"|(?:មិន|អត់)ចង់រស់|အသက်\s*မရှင်ချင်"
        r"|อยาก(?:จะ)?(?:หลับ|นอน)(?:ยาวๆ|ยาว|ไป)?\s*(?:ไม่|บ่)(?:ต้อง)?ตื่น(?!\s*(?:แต่)?(?:เช้า|ไป|มา|ตี))"
        r"|ถ้า.{0,20}(?:ไม่อยู่|ตาย).{0,30}(?:เงิน)?ประกันชีวิต"
        r"|ຈະໂດດ|ຈົດຫມາຍລາ|ຢາກຕາຍ|ចង់ស្លាប់|သေချင်|ກິນຢາ.{0,8}(?:ຫມົດ|ຫຼາຍ|ເກີນ)|ဆေး(?:အများကြီး|တွေ\s*အကုန်)"
        r"|(?:กระโดด|โดด)(?:แน่|แล้ว|เลย)?.{0,8}คืนนี้"
        r"|(?<![a-z])(?:kill(?:ing)? myself|suicid|end (?:my|it) (?:life|all)"
        r"|(?:want|wanna|going) to die|overdos|cut(?:ting)? myself|hang myself|jump off"
        r"|took (?:all )?(?:my |the )?pills|on the (?:roof|rooftop|bridge|ledge)|tonight is the night"
        r"|swallow(?:ed|s|ing)? (?:(?:a|the|all|whole|her|his|my|their|of|bottle|handful|box|lots?"
        r"|packet|strip) )*(?:pills|tablets|paracetamol|sleeping pills|poison|pesticide|bleach"
        r"|weed ?killer|rat poison|bottle)"
        r"|took (?:a (?:whole )?(?:bottle|box|packet|strip)|a handful|a lot|too many|\d+) (?:of )?"
        r"(?:(?:my|her|his|the) )?(?:pills|tablets|paracetamol|sleeping pills)"
        r"|drank (?:some |a (?:bottle|glass|cup) of |the )?(?:bleach|poison|pesticide|weed ?killer"
        r"|paraquat|insecticide)"
        r"|goodbye letter|letters? to my family|(?:i'?m|i am) on the balcony"
        r"|don'?t want to (?:be here|live|exist) any ?more|(?:i'?ve|i have) made (?:my|the) decision)"
    ),
    "weapon": (
        r"(?:มีด|ปืน|ขวาน|พร้า|ไม้หน้าสาม|ระเบิด|กรรไกร|ขวดแก้ว)" + _W
        + r"(?:จ่อ|ไล่|ขู่|ฆ่า|แทง|ฟัน|ยิง|ทำร้าย|ตี|ฟาด)"
        r"|(?:จ่อ|ไล่|ขู่|จะ|ถือ|พก|เอา|ชัก|ควง)" + ".{0,12}" + r"(?:มีด|ปืน|ขวาน|พร้า)"
        r"|ขู่ฆ่า|จะฆ่า|ฆ่าให้ตาย|ถูกยิง|โดนยิง|ถูกแทง|โดนแทง|ยิงกัน|แทงกัน|ราดน้ำมัน|จุดไฟเผา"
        r"|(?<![a-z])(?:knife|gun|stabb?|shot|shoot|kill (?:me|her|him|us|you|my))"
        # Burmese, Khmer, Lao: knife, gun (a weapon named in a migrant's message is read as now).
        r"|ဓား|သေနတ်|កាំបិត|កាំភ្លើង|ມີດ|ປືນ"
    ),
    "assault_now": (
        r"(?:ไม่|บ่)(?:ให้|ยอมให้)(?:กลับ|ออก|หนี)|(?:ไม่|บ่)เคย(?:ให้|ยอมให้)(?:ออกจาก|กลับบ้าน|หนี)"
        r"|(?:พา|ส่ง)(?:เด็ก|หนู|ลูก|น้อง).{0,30}(?:โรงแรม|ลูกค้า|ขึ้นห้อง)"
        r"|ขึ้นห้อง.{0,30}(?:เด็ก|อายุ\s*1[0-7])|(?:เด็ก|อายุ\s*1[0-7]).{0,40}ขึ้นห้อง"
        r"|(?<![a-z])(?:won'?t let (?:us|me) (?:go|leave|out)|guards? won'?t|not allowed to leave)|"
        r"ทำร้ายซ้ำ|ขู่จะ(?:ฆ่า|ทำร้าย|เข้ามา)|ลาก.{0,12}ขึ้นรถ|ราดน้ำร้อน|น้ำร้อนลวก|ผิวพอง"
        r"|มัด.{0,12}ไว้|ร้องให้ช่วย|ร้องขอความช่วยเหลือ|(?<![a-z])(?:screaming|beating (?:him|her|them))|"
        r"กำลัง.{0,8}(?:ตี|ทำร้าย|ทุบ|ต่อย|ซ้อม|เตะ|กระทืบ|บีบคอ|ข่มขืน|ลาก|ฉุด|พังประตู)"
        r"|บีบคอ|รัดคอ|กระทืบ|พังประตู|ทุบประตู|ลักพาตัว|ฉุด.{0,10}(?:ขึ้นรถ|ไป)"
        r"|(?<!ต้อง)(?:ขังไว้|ถูกขัง|โดนขัง|กักขัง|ล่ามโซ่|มัดมือ|มัดไว้|ขังอยู่)"
        r"|(?:โดน|ถูก)(?:ล็อก|ล็อค)(?:ไว้|ประตู|ห้อง|อยู่|ใน)|ออกจาก(?:ตึก|ห้อง|ที่นี่|โรงงาน|ร้าน|เรือ|แคมป์)(?:ไม่|บ่)ได้"
        r"|ห้ามออก(?:จาก|นอก|ไป)|(?:ไม่|บ่)(?:เคย)?ได้ออกไป(?:ไหน|ใส)|ออกไป(?:ไหน|ใส)(?:ไม่|บ่)ได้"
        r"|(?:ไม่|บ่)(?:ให้|หื้อ)(?:ไปไหน|ไปใส|ขึ้นฝั่ง|ขึ้นบก)|(?:โดน|ถูก)ขาย(?:มา|ไป|ให้)|ตัวประกัน|(?:ค่า|เงิน)ไถ่ตัว"
        r"|ບໍ່ໃຫ້ອອກ|ອອກໄປໃສບໍ່ໄດ້|ບໍ່ໃຫ້ກັບ|មិន(?:ឱ|ឲ)្យ.{0,12}(?:ចេញ|ចុះពីទូក|ឡើងគោក|ត្រឡប់|ទៅណា)"
        r"|ထွက်ခွင့်မရှိ|ပြန်ခွင့်\s*မပေး|(?<![a-z])(?:not allowed (?:to )?(?:leave|go out|go home|out)|hostage)"
        r"|ซ่อน(?:ตัว)?อยู่|แอบอยู่ใน|หลบอยู่ใน|หนีออกมา.{0,30}(?:ตาม|หา)|ตามมา(?:ถึง|หา)|ล้อมบ้าน"
        # A beating by a group, or someone surrounded, now.
        r"|(?:รุม(?:ตี|ทำร้าย|กระทืบ|เตะ|ต่อย|ซ้อม)|ล้อม(?:ลูก|หนู|น้อง|ผม|เขา|เธอ|เด็ก|พ่อ|แม่))\S{0,20}อยู่"
        r"|(?:กำลัง|ตอนนี้)\S{0,20}รุม(?:ตี|ทำร้าย|กระทืบ|เตะ|ต่อย|ซ้อม)"
        r"|(?<![a-z])(?:hitting me|beating me|is hitting|is beating|choking|raping"
        r"|locked (?:me|in|up)|chained|tied (?:him|her|them|me)\b"
        r"|tied (?:up )?to (?:a|an|the|his|her|my|our|their) (?:\w+ )?(?:gate|tree|bed|chair|post"
        r"|pole|pipe|table|pillar|fence|door|window|railing)"
        r"|tied (?:my|his|her|their|our|the|a|an) \w+(?: \w+)? (?:up|to)|kidnap|hiding from"
        r"|he will kill|going to kill)"
    ),
    "medical": (
        r"น้ำคร่ำ(?:แตก|ไหล|เดิน)|น้ำใส(?:ๆ)?ไหล|ลูก(?:ใน)?(?:ท้อง)?ไม่ดิ้น|ท้องนอกมดลูก|มดลูกบีบ|คลอดก่อนกำหนด"
        r"|ยาขับเลือด|หน้ามืด|หายใจเร็ว|(?:แขน|ขา|มือ|คอ|ซี่โครง)หัก|(?:ถูก|โดน)(?:ทับ|ไฟไหม้|ไฟลวก|น้ำร้อนลวก)"
        r"|(?<![a-z])(?:water(?:s)? (?:has |have )?broke|baby (?:is )?not moving|can'?t stand|crushed"
        r"|broken (?:arm|leg|bone)|severe(?:ly)? (?:bleeding|burn)|burn(?:ed|t) (?:badly|all over))|"
        r"(?:ยืน|เดิน|ลุก)(?:ไม่|บ่)(?:ค่อย)?ไหว|ตัวสั่น.{0,20}(?:ฝน|หนาว|แช่น้ำ)|(?:ฝน|หนาว|แช่น้ำ).{0,30}ตัวสั่น"
        r"|"
        r"หมดสติ|ไม่รู้สึกตัว|ไม่ได้สติ|(?:ปลุก|เรียก|เขย่า)(?:ไม่|บ่)(?:ค่อย)?(?:ตื่น|ขาน|ตอบ)|ไม่ตอบสนอง"
        r"|ไม่ขยับ|นอนนิ่ง|สลบ|หมดลมหายใจ|ไม่มีชีพจร|ตัวเย็น|ตัวเขียว|ตัวม่วง|ปากเขียว|ปากซีด|ตาลอย|เป็นลม"
        r"|(?<!เกือบ)(?:โดน|ถูก)รถ(?:ชน|ทับ)|(?<!นอน)ทับ(?:ขา|แขน|ตัว|หัว)|(?<![a-z])(?:hit by a (?:car|truck|bus))"
        r"|หายใจ(?:ไม่|บ่)(?:ค่อย)?(?:ออก|ทัน)|ไม่หายใจ|หายใจ(?:หอบ|แผ่ว|ลำบาก|ติดขัด|รวยริน)"
        r"|เลือด(?:ยัง|กำลัง)?(?:ออก|ไหล|ท่วม|อาบ)|ตกเลือด|ลูก(?:ใน)?(?:ท้อง)?ดิ้นน้อย|(?:อาเจียน|ไอ|อ้วก)(?:เป็น|ออกมาเป็น)เลือด"
        r"|(?<!ชัก)ชัก(?!ชวน|จะ|นำ|ว่าว|ช้า|ใบ|ธง|เย่อ|ไม่)|เจ็บหน้าอก|ล้มฟาด|หัวแตก|คอหัก|กระดูกหัก"
        r"|ล้ม.{0,30}ลุก(?:ไม่|บ่)(?:ได้|ไหว|ขึ้น)|พูด(?:ไม่|บ่)(?:ได้|เป็นประโยค)(?:แล้ว)?|เสียงเงียบไป|เงียบไปแล้ว"
        r"|กำลังคลอด|คลอดลูกเอง|คลอดเองแล้ว|ไข้ขึ้นสูง|ไข้สูง|ช็อก|ตัวร้อนจัด|ซึมลง|ไม่ค่อยรู้สึกตัว"
        r"|กลิ่นเหม็น.{0,20}(?:ไม่ออก|ไม่ตอบ|ไม่ขาน|เรียก)"
        # Losing water with the signs of dehydration (sunken eyes, drowsy, no tears or urine).
        r"|(?:ท้องเสีย|ถ่ายเป็นน้ำ|อาเจียน|อ้วก).{0,60}(?:ตาโหล|ซึม|ไม่ค่อยร้อง|ปากแห้ง|ไม่ฉี่|ไม่ปัสสาวะ)"
        r"|(?<![a-z])(?:unconscious|not breathing|can'?t breathe|trouble breathing|bleeding|seizure"
        r"|collapsed|overdose|passed out|not moving|not responding|coughing (?:up )?blood"
        r"|can'?t get up|fell (?:and|down)|dehydrated|feel(?:ing)? faint|soaking)"
        # Burmese, Khmer, Lao: unconscious, fainted, collapsed.
        r"|သတိမရ|သတိလစ်|လဲနေ|សន្លប់|ដួល|ບໍ່ຮູ້ສະຕິ|ສະຫລົບ|ລົ້ມ|ឈាមហូរ|သွေးထွက်|ເລືອດອອກ"
    ),
    "young_child_alone": (
        r"(?:แม่|พ่อ|ผู้ปกครอง)\S{0,24}(?:ไม่|บ่|ยังไม่)(?:ได้)?(?:กลับ|มา|ปิ๊ก)\S{0,12}"
        r"(?:(?:สอง|สาม|สี่|ห้า|[2-9]|หลาย)\s*(?:วัน|คืน)|(?:หนึ่ง|1|สอง|2|หลาย)?\s*(?:อาทิตย์|สัปดาห์))"
        r"|(?<![a-z])(?:mum|mom|mother|dad|father|parents?)\b.{0,30}(?:not|n't) (?:been|come|came) "
        r"(?:home|back).{0,12}(?:for|in) (?:a week|weeks|days|\d+ days|two|three|several)|"
        + _YOUNG + ".{0,60}" + _ALONE + "|" + _ALONE + ".{0,40}" + _YOUNG
        + r"|(?:ทิ้ง|วาง)(?:ไว้)?.{0,30}(?:ทารก|เด็กเล็ก|เด็กอ่อน|ลูกอ่อน)"
        r"|เด็ก.{0,30}(?:อยู่(?:บ้าน|ห้อง|เฮือน)?กันเอง|ไม่มีผู้ใหญ่)"
        # Burmese/Khmer/Lao: a child alone.
        r"|ကလေး.{0,40}တစ်ယောက်တည်း|ក្មេង.{0,40}ម្នាក់ឯង|ເດັກ.{0,40}(?:ຜູ້ດຽວ|ຄົນດຽວ)"
        r"|(?<![a-z])(?:(?:baby|babies|toddler|infant|newborn|kids?|child|children)\b.{0,60}"
        r"(?:alone|locked|left behind|in (?:a|the) car)|alone.{0,30}(?:baby|toddler|infant|kid|child))"
    ),
    # A dependant without care now: not fed for days, fallen and left, bedridden and alone,
    # out alone in the small hours with nowhere to go.
    "dependant_without_care": (
        r"(?:ไม่|บ่)(?:ได้)?(?:กิน|กิ๋น)(?:นม|ข้าว|อะไร)?.{0,12}(?:มา)?\s*(?:[2-9]|สอง|สาม|หลาย)\s*(?:วัน|มื้อ)"
        r"|ล้ม(?:ตั้งแต่|มา).{0,12}(?:เมื่อวาน|เมื่อคืน|[2-9]\s*วัน)|นอน(?:บ่|ไม่)(?:ลุก|ตื่น)|ร้อง.{0,10}เงียบไป"
        r"|ตอนนี้ไม่มีใคร(?:ดูแล|เบิ่ง)|(?:บ่|ไม่)มีไผ(?:เบิ่ง|ดูแล)|ตอนนี้ไม่มีใครอยู่(?:กับ|ด้วย)|ไม่มีใครอยู่(?:กับ|ด้วย)\S{0,8}เลย"
        r"|(?:ผู้เดียว|คนเดียว|กันเอง)(?:มา\s*)?(?:ได้)?(?:[2-9]|สอง|สาม|หลาย)\s*(?:วัน|มื้อ|คืน)"
        r"|(?:หาย|หลง)(?:ออก)?(?:จาก)?(?:บ้าน|เฮือน)?.{0,40}(?:ยัง)?หา(?:ไม่|บ่)(?:เจอ|พบ|เห็น)"
        r"|(?<![a-z])(?:\d+|two|three|four|five|six)(?: and \d+)?[ -]years?[ -]olds?\b.{0,40}alone"
        r"|(?:ติดเตียง|พิการ|อัมพาต).{0,40}(?:ลำพัง|คนเดียว|ผู้เดียว|ไม่มีใครดู)"
        r"|(?:ไม่มีที่ไป|คนเดียว).{0,40}(?:ตี(?:หนึ่ง|สอง|สาม|สี่|[1-4])|เที่ยงคืน)"
        r"|(?:ตี(?:หนึ่ง|สอง|สาม|สี่|[1-4])|เที่ยงคืน).{0,60}(?:ไม่มีที่ไป|คนเดียว|ทารก)"
    ),
    "hazard": (
        r"ไฟ(?:กำลัง)?(?:ไหม้|ลุก).{0,40}(?:ติด|ข้างใน|ออก(?:มา)?ไม่ได้|ลาม|ช่วย|ตอนนี้|กำลัง|อยู่ใน)"
        r"|ไฟกำลังไหม้|ไฟลุก|ไฟ(?:ป่า)?ลาม|กลิ่นควัน|จมน้ำ|ตกน้ำ|ตึกถล่ม|(?:ดินสไลด์|ดินถล่ม).{0,30}(?:ทับ|ติด)"
        r"|น้ำ(?:กำลัง)?(?:ท่วม|ขึ้น|สูง).{0,40}(?:ติด|ออก(?:มา)?ไม่ได้|ถึง(?:อก|คอ|เอว|หลังคา)|เรื่อยๆ|กำลัง)"
        r"|ติดอยู่ใน(?:บ้าน|ห้อง|รถ|ตึก)|ในรถคนเดียว|ล็อกรถ|(?:เดิน|วิ่ง|คลาน)(?:อยู่)?(?:กลาง|ริม)ถนน"
        r"|(?<![a-z])(?:on fire|house fire|drowning|trapped|flood(?:ing)? .{0,20}rising)"
        r"|ရေထဲ.{0,8}ပြုတ်ကျ|ရေနစ်|မီးလောင်|ရေကြီး|ရေတက်|ភ្លើងឆេះ|ទឹកជំនន់|ໄຟໄຫມ້|ນ້ໍາຖ້ວມ"
    ),
    "urgent_plea": (
        r"ช่วยด้วย(?:ค่ะ|ครับ|คะ)?\s*!|ช่วยด้วย.{0,10}ช่วยด้วย|ช่วยด่วน|ด่วนมาก|ด่วนที่สุด"
        r"|แจ้งเหตุ(?:เร่ง)?ด่วน|ส่งตำรวจ(?:มา|ไป)|เขาจะได้ยิน|(?<![a-z])(?:sos|help me now|please help me now|call (?:the )?police)"
        r"|အမြန်ကူညီ|ຊ່ວຍດ່ວນ"
    ),
}

# All rules in one pass (see _anchored.py).
_ANY_OF = AnyOf(list(_RULES.values()))


def imminent_danger(text: str, signals: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Names of the rules that fire on normalised text and its emoji/sticker signals."""
    fired = [name for name, hit in zip(_RULES, _ANY_OF.matches(text)) if hit]
    sig = set(signals)
    if sig & {"weapon", "sos"}:
        fired.append("danger_signal")
    elif "poison" in sig and (sig & {"sad", "fear"} or "suicide" in fired):
        fired.append("danger_signal")
    elif "injury" in sig and sig & {"sad", "fear", "anger"}:
        fired.append("danger_signal")
    return fired


__all__ = ["RULE_SCORE", "imminent_danger"]
