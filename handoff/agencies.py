"""The referral directory: agencies loaded from a CSV shipped in the repo, then curated by admins."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlmodel import Session, select

from handoff.models import Agency, AgencyKind

DEFAULT_CSV = Path(__file__).parent / "data" / "agencies.csv"


def load_agencies(session: Session, path: Path = DEFAULT_CSV) -> int:
    """Add agencies not yet present (matched by name and province). Returns rows added."""
    existing = {(a.name_th, a.province_code) for a in session.exec(select(Agency))}
    added = 0
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            province = int(row["province_code"]) if row.get("province_code", "").strip() else None
            key = (row["name_th"].strip(), province)
            if key in existing:
                continue
            session.add(Agency(
                name_th=key[0], kind=AgencyKind(row["kind"].strip()), province_code=province,
                phone=(row.get("phone") or "").strip() or None,
                address=(row.get("address") or "").strip() or None,
            ))
            existing.add(key)
            added += 1
    session.flush()
    return added
