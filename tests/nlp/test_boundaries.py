"""How labels are given beyond the scores: the guideline's "Boundaries" and `other` alone."""

import nlp
from nlp.model import LABELS, decide, with_boundaries


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


def test_other_stands_alone_when_it_is_the_best_reading():
    thresholds = [0.4] * len(LABELS)
    scores = dict.fromkeys(LABELS, 0.01)

    def labels_for(**overrides):
        return decide([{**scores, **overrides}[k] for k in LABELS], LABELS, thresholds,
                      has_features=True)

    assert labels_for(other=0.8, benefits=0.5) == ["other"]
    assert labels_for(other=0.5, benefits=0.8) == ["benefits"]
    assert labels_for(other=0.5, benefits=0.8, poverty=0.6) == ["benefits", "poverty"]
    # Nothing over its threshold: the best label, whichever it is.
    assert labels_for(other=0.3, benefits=0.2) == ["other"]
    assert labels_for(other=0.2, benefits=0.3) == ["benefits"]


def test_no_features_and_no_label_over_its_threshold_is_other():
    assert decide([0.1] * len(LABELS), LABELS, [0.4] * len(LABELS), has_features=False) == ["other"]
