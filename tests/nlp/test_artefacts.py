import json
import pickle

import numpy as np
import pytest

import nlp
from nlp.model import Classifier


@pytest.fixture(scope="module")
def small_model():
    examples = nlp.load_examples()
    train, _ = nlp.split_examples(examples)
    # A fifth of the examples, three folds: enough to learn something, quick for the suite.
    model, metrics = nlp.train(train[::5], folds=3)
    return model, metrics


def test_split_is_deterministic_disjoint_and_covers_every_kind():
    examples = nlp.load_examples()
    a_train, a_held = nlp.split_examples(examples)
    b_train, b_held = nlp.split_examples(list(reversed(examples)))
    key = lambda ex: nlp.normalize(ex["text"])  # noqa: E731
    assert {key(e) for e in a_held} == {key(e) for e in b_held}
    assert not ({key(e) for e in a_train} & {key(e) for e in a_held})
    assert 0.15 <= len(a_held) / len(examples) <= 0.3
    assert any(ex["emergency"] for ex in a_held)
    present = {label for ex in examples for label in ex["labels"]}
    held_labels = {label for ex in a_held for label in ex["labels"]}
    assert present == held_labels


def test_probe_sets_are_valid_and_never_trained_on():
    from nlp.dataset import PROBE_DIR, load_example_file

    files = sorted(PROBE_DIR.glob("*.jsonl"))
    assert files, "the probe sets are missing"
    known = {nlp.normalize(ex["text"]) for ex in nlp.load_examples()}
    for path in files:
        probe = load_example_file(path)  # raises on a bad line or an unknown label
        assert len(probe) >= 100
        # A greeting or a one-word reply ("สวัสดีค่ะ", "test") is bound to be in both; anything
        # longer in both would be a leak.
        leaked = [ex["text"] for ex in probe
                  if nlp.normalize(ex["text"]) in known and len(ex["text"]) > 16]
        assert not leaked, path.name


def test_train_returns_model_and_metrics(small_model):
    model, metrics = small_model
    json.dumps(metrics)  # admins' retraining stores these
    assert model.labels == nlp.LABELS
    assert 0.0 <= metrics["macro_f1"] <= 1.0
    meta = model.metadata
    assert len(meta["training_data_sha256"]) == 64
    assert meta["version"].startswith("triage-")
    assert "cross_validation" in meta["metrics"]


def test_save_load_round_trip_gives_identical_predictions(small_model, tmp_path, monkeypatch):
    model, _ = small_model
    model.save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json", "weights.npz"]

    def no_pickle(*args, **kwargs):
        raise AssertionError("loading a model must not unpickle anything")

    monkeypatch.setattr(pickle, "load", no_pickle)
    monkeypatch.setattr(pickle, "loads", no_pickle)
    loaded = Classifier.load(tmp_path)
    texts = [ex["text"] for ex in nlp.load_examples()[:60]] + ["", "🔪", "ช่วยด้วย"]
    for t in texts:
        a, b = model.classify(t).to_dict(), loaded.classify(t).to_dict()
        assert a == b
    assert loaded.version == model.version


def test_weights_are_plain_arrays(small_model, tmp_path):
    model, _ = small_model
    model.save(tmp_path)
    with np.load(tmp_path / "weights.npz", allow_pickle=False) as arrays:
        for name in arrays.files:
            assert arrays[name].dtype != object
    meta = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    assert meta["labels"] == list(nlp.LABELS)


def test_shipped_model_is_small_and_described():
    folder = nlp.DEFAULT_MODEL_DIR
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size < 5_000_000
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))["metadata"]
    for key in ("version", "training_data_sha256", "metrics", "n_examples"):
        assert key in meta


def test_tampered_model_is_refused(small_model, tmp_path):
    model, _ = small_model
    model.save(tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    meta["format"] = "something-else"
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError):
        Classifier.load(tmp_path)


def test_evaluate_reports_the_agreed_metrics(small_model):
    model, _ = small_model
    _, held = nlp.split_examples(nlp.load_examples())
    m = nlp.evaluate(model, held[:40])
    assert {"per_label", "macro_f1", "emergency", "confusion", "messages_per_second"} <= set(m)
    assert {"precision", "recall", "f1", "tp", "fp", "fn", "tn"} <= set(m["per_label"]["poverty"])
    assert {"recall", "precision"} <= set(m["emergency"])


def test_agreement_file_matches_the_examples_and_scores(capsys):
    # The second annotation is matched to the examples by text: if an example's text is edited,
    # this fails rather than silently comparing fewer messages.
    from bench.nlp.agreement import main

    assert main([]) == 0
    out = capsys.readouterr().out
    assert "second annotator vs the examples' labels" in out and "300 held-out" in out


def test_by_writers_separates_the_rounds_of_examples(capsys):
    from bench.nlp.by_writers import main

    assert main() == 0
    out = capsys.readouterr().out
    # Every round that has files has held-out messages, and the earlier split is all there.
    assert "the split before 2026-11-25" in out and "n= 1037" in out
    assert "(j_*)" in out and "(k_*)" in out
