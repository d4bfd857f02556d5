"""Thai text the console shows, in one place."""

from __future__ import annotations

STATUS_TH = {
    "new": "ใหม่", "assigned": "มีผู้รับแล้ว", "in_progress": "กำลังช่วยเหลือ", "referred": "ส่งต่อแล้ว",
    "follow_up": "ติดตามผล", "closed": "ปิดเคสแล้ว",
}
PRIORITY_TH = {"emergency": "ฉุกเฉิน", "high": "เร่งด่วน", "normal": "ปกติ", "low": "ไม่เร่งด่วน"}
CHANNEL_TH = {
    "line": "LINE", "messenger": "Messenger", "telegram": "Telegram", "web": "เว็บแชต", "phone": "โทรศัพท์",
    "walkin": "มาด้วยตนเอง",
}
ROLE_TH = {"worker": "นักสังคมสงเคราะห์", "supervisor": "หัวหน้าเวร", "admin": "ผู้ดูแลระบบ"}
AGENCY_KIND_TH = {
    "police": "ตำรวจ", "hospital": "โรงพยาบาล / ศูนย์พึ่งได้", "shelter": "บ้านพักฉุกเฉิน",
    "provincial_office": "หน่วยงานระดับจังหวัด", "foundation": "มูลนิธิ", "other": "หน่วยงานอื่น",
}
REFERRAL_STATUS_TH = {
    "sent": "ส่งเรื่องแล้ว", "accepted": "หน่วยงานรับเรื่องแล้ว", "in_progress": "หน่วยงานกำลังดำเนินการ",
    "done": "เสร็จสิ้น", "declined": "หน่วยงานปฏิเสธ",
}
ACTOR_TH = {"system": "ระบบ", "bot": "ระบบตอบอัตโนมัติ", "citizen": "ผู้ติดต่อ", "worker": "เจ้าหน้าที่"}
SENDER_TH = {"citizen": "ผู้ติดต่อ", "bot": "ระบบตอบอัตโนมัติ", "worker": "เจ้าหน้าที่", "system": "ระบบ"}
CONVERSATION_STATE_TH = {
    "first_contact": "เริ่มคุย", "consent": "ขอความยินยอม", "describe": "เล่าเรื่อง", "clarify": "ถามเพิ่ม",
    "case_opened": "บอทดูแล (เปิดเคสแล้ว)", "waiting_human": "รอเจ้าหน้าที่", "with_human": "เจ้าหน้าที่ดูแลอยู่",
    "closed": "จบการสนทนา",
}
EVENT_TH = {
    "opened": "เปิดเคส", "case_opened": "เปิดเคส", "routed": "ส่งถึงศูนย์", "assigned": "มอบหมายเคส",
    "status_changed": "เปลี่ยนสถานะ", "priority_changed": "เปลี่ยนความเร่งด่วน", "note": "บันทึกภายใน",
    "labels_corrected": "แก้หมวดปัญหา", "takeover": "เจ้าหน้าที่รับสายสนทนา", "returned_to_bot": "คืนให้บอทดูแล",
    "reassigned": "โอนเคส", "referred": "ส่งต่อหน่วยงาน", "referral_status": "อัปเดตการส่งต่อ",
    "referral_overdue": "การส่งต่อเลยกำหนด", "callback": "โทรกลับ", "callback_requested": "ขอให้โทรกลับ",
    "callback_overdue": "รอโทรกลับนานเกินไป", "sla_breached": "เกินเวลาตอบสนอง (SLA)",
    "details_added": "ได้ข้อมูลเพิ่ม", "paused": "ผู้ติดต่อขอหยุดคุย", "resumed": "ผู้ติดต่อกลับมาคุย",
    "blocked": "ผู้ติดต่อบล็อกบัญชี", "person_linked": "เชื่อมข้อมูลบุคคล", "reveal": "เปิดดูเลขเต็ม", "message_undeliverable": "ส่งข้อความไม่สำเร็จ",
}
AUDIT_TH = {
    "auth.signed_in": "เข้าสู่ระบบ", "auth.signed_out": "ออกจากระบบ", "auth.failed": "เข้าสู่ระบบไม่สำเร็จ",
    "case.view": "เปิดดูเคส", "case.reveal": "เปิดดูเลขเต็ม", "case.status": "เปลี่ยนสถานะ",
    "case.priority": "เปลี่ยนความเร่งด่วน", "case.note": "เพิ่มบันทึก", "case.labels": "แก้หมวดปัญหา",
    "case.take_next": "รับเคสถัดไป", "case.reassign": "โอนเคส", "conversation.takeover": "รับสายสนทนา",
    "conversation.return": "คืนให้บอท", "conversation.reply": "ส่งข้อความ", "referral.create": "ส่งต่อหน่วยงาน",
    "referral.update": "อัปเดตการส่งต่อ", "callback.log": "บันทึกการโทรกลับ", "callback.request": "ขอให้โทรกลับ",
    "person.link": "เชื่อมข้อมูลบุคคล", "person.unlink": "ยกเลิกการเชื่อม", "media.view": "เปิดดูไฟล์",
    "queue.view": "ดูคิว", "callbacks.view": "ดูรายการโทรกลับ", "dashboard.view": "ดูภาพรวม",
    "audit.view": "ดูบันทึกการเข้าถึง", "case.manual": "เปิดเคสจากโทรศัพท์/walk-in",
    "admin.category.create": "เพิ่มหมวดปัญหา", "admin.category.update": "แก้หมวดปัญหา",
    "admin.example.save": "บันทึกตัวอย่างฝึกสอน", "admin.example.delete": "ลบตัวอย่างฝึกสอน",
    "referrals.view": "ดูรายการส่งต่อ", "outbox.retry": "สั่งส่งข้อความอีกครั้ง",
    "admin.model.retrain": "ฝึกโมเดลจัดหมวดใหม่", "admin.example.view": "เปิดดูตัวอย่างฝึกสอน",
}
SIGN_IN_FAILED = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง หรือบัญชีถูกระงับชั่วคราว โปรดลองอีกครั้ง หรือติดต่อหัวหน้าเวร"
SESSION_ENDED = "หมดเวลาการใช้งาน โปรดเข้าสู่ระบบอีกครั้ง"
CSRF_FAILED = "แบบฟอร์มหมดอายุ โปรดโหลดหน้าใหม่แล้วลองอีกครั้ง"
FORBIDDEN = "คุณไม่มีสิทธิ์เข้าถึงหน้านี้"
NOT_FOUND = "ไม่พบเคสนี้ หรือคุณไม่มีสิทธิ์เข้าถึง"
NOTHING_TO_TAKE = "ตอนนี้ไม่มีเคสที่รอรับ ขอบคุณค่ะ"
FACT_TH = {
    "lawful_basis": "ฐานในการเก็บข้อมูล", "affected": "ผู้ได้รับผลกระทบ (จากข้อความ)",
    "who": "ผู้ที่ต้องการความช่วยเหลือ (ผู้แจ้งตอบ)", "category_confirmed": "ผู้แจ้งยืนยันประเภทปัญหา",
    "opened_by": "เปิดเคสโดย", "age": "อายุ", "phones": "เบอร์ที่กล่าวถึง", "national_ids": "เลขบัตรที่กล่าวถึง",
}
FACT_VALUE_TH = {
    "consent": "ผู้ติดต่อยินยอม", "vital_interest": "ป้องกันอันตรายต่อชีวิต", "self": "ผู้แจ้งเอง", "child": "เด็ก",
    "woman": "ผู้หญิง", "elderly": "ผู้สูงอายุ", "disabled": "คนพิการ", "other": "ผู้อื่น", "manual": "เจ้าหน้าที่",
    "skipped": "ไม่ได้ตอบ", "text": "ตามที่เล่า", "True": "ใช่", "False": "ไม่ใช่",
}
