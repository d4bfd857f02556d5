"""Invented but realistic console content for screenshots (no real people's data)."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session

from bots.sqltypes import utcnow
from intake.models import CaseEvent, Direction, Message, Priority, Sender
from tests.console.conftest import World, make_case


def png(width: int = 160, height: int = 100) -> bytes:
    """A small gradient picture, written by hand so the test ships no image file."""
    rows = b"".join(b"\x00" + bytes(v for x in range(width) for v in (40 + x, 120 + y // 2, 160)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def seed(session: Session, world: World, media_dir: Path) -> dict[str, int]:
    now = utcnow()
    ids = {}
    emergency = make_case(session, world, priority=Priority.emergency, sla_minutes=-5,
                          text="ช่วยด้วยค่ะ สามีเมาแล้วถือมีดขู่ หนูกับลูกหลบอยู่ในห้องน้ำ โทร 0812345678",
                          categories=["violence"], created_at=now - timedelta(minutes=20))
    ids["emergency"] = emergency.id
    ids["high"] = make_case(session, world, priority=Priority.high, sla_minutes=25, channel="messenger",
                            text="ยายอายุ 82 ปีอยู่คนเดียว ไม่มีข้าวกินมาสองวันแล้ว", categories=["neglect"]).id
    ids["normal"] = make_case(session, world, sla_minutes=600, channel="telegram",
                              text="ตกงานมาสามเดือน ค่าเช่าห้องค้างสองเดือน อยากได้ความช่วยเหลือค่ะ",
                              categories=["poverty", "benefits"], callback_phone="0898765432").id
    ids["low"] = make_case(session, world, priority=Priority.low, sla_minutes=2000, channel="web",
                           text="อยากทราบวิธีขอรับเบี้ยความพิการ", categories=["benefits"]).id
    case = make_case(session, world, priority=Priority.high, sla_minutes=-40,
                     text="เพื่อนบ้านได้ยินเสียงเด็กร้องทุกคืน เหมือนโดนตี", categories=["violence"])
    ids["main"] = case.id
    media_dir.mkdir(parents=True, exist_ok=True)
    (media_dir / "line").mkdir(exist_ok=True)
    (media_dir / "line" / "scene.png").write_bytes(png())
    conv = case.conversation_id
    session.add_all([
        Message(conversation_id=conv, direction=Direction.outbound, sender=Sender.bot,
                text="ขอบคุณที่เล่าให้ฟังนะคะ ขอถามเพิ่มนิดหนึ่ง เกิดเหตุที่เขต แขวงไหนคะ"),
        Message(conversation_id=conv, direction=Direction.inbound, sender=Sender.citizen,
                text="ซอยวัดใหม่ แขวงบางยี่ขัน เขตบางพลัด กรุงเทพ ค่ะ"),
        Message(conversation_id=conv, direction=Direction.inbound, sender=Sender.citizen, kind="location",
                payload={"latitude": 13.7706, "longitude": 100.4935, "title": "ซอยวัดใหม่"}),
        Message(conversation_id=conv, direction=Direction.inbound, sender=Sender.citizen, kind="image",
                media_path="line/scene.png", media_type="image/png", media_size=1000),
        Message(conversation_id=conv, direction=Direction.outbound, sender=Sender.bot,
                text="เปิดเรื่องให้แล้วค่ะ เลขเรื่อง " + case.number + " เจ้าหน้าที่จะติดต่อกลับโดยเร็วค่ะ"),
    ])
    session.add(CaseEvent(case_id=case.id, kind="case_opened", actor="system", data={}))
    session.commit()
    return ids
