"""Retraining keeps emergency recall: a model that misses more emergencies is never activated."""

from __future__ import annotations

import nlp
from handoff.retrain import ModelSwitch, active_version, db_examples, retrain
from intake.models import ModelStatus, TrainingExample


def _metrics(recall: float, f1: float = 0.8) -> dict:
    return {"n": 10, "macro_f1": f1, "emergency": {"recall": recall, "precision": 0.9}}


def _run(sessions, tmp_path, new_recall: float, old_recall: float):
    current = nlp.default_classifier()
    trained = []
    scores = iter([_metrics(new_recall), _metrics(old_recall)])  # new model first, then the one in use

    def train_fn(examples, labels):
        trained.append(examples)
        return current, {}  # stands in for a freshly trained model; training itself is nlp's to test

    shipped = [{"text": f"ตัวอย่าง {i}", "labels": ["poverty"], "emergency": False} for i in range(40)]
    row = retrain(sessions, model_dir=tmp_path / "models", current=current, user_id=None, shipped=shipped,
                  train_fn=train_fn, evaluate_fn=lambda model, heldout: next(scores))
    return row, trained


def test_corrections_join_the_training_data_and_a_better_model_is_activated(sessions, world, tmp_path):
    with sessions() as s:
        s.add(TrainingExample(text="พ่อตีแม่ทุกคืน", labels=["violence", "not_a_label"], emergency=False,
                              source="correction"))
        s.add(TrainingExample(text="ข้อความไม่มีหมวด", labels=["not_a_label"], source="correction"))
        s.commit()
        assert db_examples(s, nlp.LABELS) == [{"text": "พ่อตีแม่ทุกคืน", "labels": ["violence"], "emergency": False}]
    row, trained = _run(sessions, tmp_path, new_recall=0.97, old_recall=0.95)
    assert row.status == ModelStatus.active and row.metrics["n_corrections"] == 1
    assert row.metrics["n_train"] + row.metrics["n_heldout"] == 41
    with sessions() as s:
        assert active_version(s).version == row.version
    installed = []
    switch = ModelSwitch(sessions, install=installed.append)
    assert switch.check() is True and switch.loaded == row.version and len(installed) == 1
    assert switch.check() is False


def test_a_model_with_lower_emergency_recall_is_rejected(sessions, world, tmp_path):
    first, _ = _run(sessions, tmp_path, new_recall=0.96, old_recall=0.96)
    assert first.status == ModelStatus.active
    second, _ = _run(sessions, tmp_path, new_recall=0.90, old_recall=0.96)
    assert second.status == ModelStatus.rejected and second.path == ""
    with sessions() as s:
        assert active_version(s).id == first.id
