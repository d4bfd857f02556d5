"""Labels the guideline's "Boundaries" imply beyond what the model scores."""

import nlp
from nlp.model import LABELS, with_boundaries


def test_a_minor_without_a_home_is_neglect_as_well():
    assert with_boundaries(["homeless"], 15, LABELS) == ["homeless", "neglect"]
    assert with_boundaries(["homeless", "violence"], 17, LABELS) == ["homeless", "violence",
                                                                     "neglect"]


def test_adults_unknown_ages_and_other_labels_are_left_alone():
    assert with_boundaries(["homeless"], 18, LABELS) == ["homeless"]
    assert with_boundaries(["homeless"], None, LABELS) == ["homeless"]
    assert with_boundaries(["poverty"], 12, LABELS) == ["poverty"]
    assert with_boundaries(["homeless", "neglect"], 12, LABELS) == ["homeless", "neglect"]
    # A model trained without a neglect label (an admin's own label set) gets none added.
    assert with_boundaries(["homeless"], 12, ("homeless", "other")) == ["homeless"]


def test_classify_applies_it_with_the_age_it_reports():
    triage = nlp.classify("ผมอายุ 16 ครับ ตอนนี้นอนใต้สะพานมาสามคืนแล้ว หางานทำอยู่")
    assert triage.entities.age == 16
    assert "homeless" in triage.labels and "neglect" in triage.labels
    # The model alone does not say neglect here; the boundary does.
    assert triage.scores["neglect"] < 0.3
    adult = nlp.classify("โดนแฟนไล่ออกจากห้องเมื่อคืน ตอนนี้นั่งอยู่ท่ารถ ไม่มีที่นอน อายุ 34 ค่ะ")
    assert adult.entities.age == 34 and "homeless" in adult.labels
    assert "neglect" not in adult.labels
