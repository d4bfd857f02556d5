from __future__ import annotations

import pytest

from handoff.masking import has_sensitive_numbers, mask_phone, mask_text


@pytest.mark.parametrize("raw, masked", [
    ("โทร 0812345678 นะคะ", "โทร 08x-xxx-5678 นะคะ"),
    ("เบอร์ 081-234-5678", "เบอร์ 08x-xxx-5678"),
    ("+66812345678", "08x-xxx-5678"),
    ("๐๘๑๒๓๔๕๖๗๘", "08x-xxx-5678"),
    ("บ้าน 02 123 4567", "บ้าน 02x-xxx-4567"),
    ("เลขบัตร 1-1037-01234-56-7", "เลขบัตร x-xxxx-xxxxx-56-7"),
    ("1103701234567", "x-xxxx-xxxxx-56-7"),
])
def test_numbers_are_masked(raw, masked):
    assert mask_text(raw) == masked
    assert has_sensitive_numbers(raw)


@pytest.mark.parametrize("text", ["บ้านเลขที่ 123/45 ซอย 7", "ปี 2567 อายุ 15 ปี", "เคส 1300-2569-000001", ""])
def test_other_numbers_are_left_alone(text):
    assert mask_text(text) == text


def test_mask_phone_field():
    assert mask_phone("0898765432") == "08x-xxx-5432"
    assert mask_phone(None) == ""
