"""seed the ten problem categories the classifier ships with

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

Admins add more through the console; these rows are the ones the shipped model predicts.
SLA minutes are the time to first human contact for a non-emergency case of that kind.
"""
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATEGORIES = [
    # key, name_th, name_en, priority, sla_minutes, sort
    ("violence", "ความรุนแรง", "Violence and abuse", "high", 120, 10),
    ("trafficking", "การค้ามนุษย์ / แรงงานบังคับ", "Trafficking and forced labour", "high", 120, 20),
    ("child_labor", "แรงงานเด็ก", "Child labour", "high", 240, 30),
    ("pregnancy", "ตั้งครรภ์ไม่พร้อม", "Unplanned pregnancy", "normal", 240, 40),
    ("poverty", "ความยากจน / ไม่มีรายได้", "Poverty and hardship", "normal", 1440, 50),
    ("homeless", "ไร้ที่พึ่ง / ไร้บ้าน", "Homelessness", "normal", 480, 60),
    ("neglect", "ถูกทอดทิ้ง / ขาดผู้ดูแล", "Neglect of elderly, disabled or children", "high", 240, 70),
    ("benefits", "สอบถามสิทธิและสวัสดิการ", "Benefits and services questions", "low", 2880, 80),
    ("mental_health", "สุขภาพจิต", "Mental health", "high", 120, 90),
    ("other", "เรื่องอื่น ๆ", "Other", "low", 4320, 100),
]


def upgrade() -> None:
    table = sa.table(
        "problem_category",
        sa.column("key", sa.String), sa.column("name_th", sa.String), sa.column("name_en", sa.String),
        sa.column("description", sa.Text), sa.column("default_priority", sa.String),
        sa.column("sla_minutes", sa.Integer), sa.column("active", sa.Boolean),
        sa.column("sort", sa.Integer), sa.column("created_at", sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    op.bulk_insert(table, [
        {"key": k, "name_th": th, "name_en": en, "description": "", "default_priority": p,
         "sla_minutes": sla, "active": True, "sort": sort, "created_at": now}
        for k, th, en, p, sla, sort in CATEGORIES
    ])


def downgrade() -> None:
    keys = ", ".join(f"'{c[0]}'" for c in CATEGORIES)
    op.execute(f"DELETE FROM problem_category WHERE key IN ({keys})")
