"""Metrics for multi-label triage plus the emergency decision."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from nlp.model import LABELS


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_predictions(
    gold: Sequence[dict], predicted_labels: Sequence[Sequence[str]],
    predicted_emergency: Sequence[bool], *, labels: tuple[str, ...] = LABELS,
) -> dict:
    """Per-label P/R/F1 and TP/FP/FN/TN, macro/micro F1, emergency P/R and a label co-confusion."""
    per_label: dict[str, dict] = {}
    micro = [0, 0, 0]
    f1s = []
    for label in labels:
        tp = fp = fn = tn = 0
        for ex, pred in zip(gold, predicted_labels, strict=True):
            g, p = label in ex["labels"], label in pred
            tp += g and p
            fp += p and not g
            fn += g and not p
            tn += not g and not p
        p_, r_, f_ = _prf(tp, fp, fn)
        per_label[label] = {"precision": p_, "recall": r_, "f1": f_, "support": tp + fn,
                            "tp": tp, "fp": fp, "fn": fn, "tn": tn}
        micro[0] += tp
        micro[1] += fp
        micro[2] += fn
        # A label with no gold and no predicted example says nothing about the model.
        if tp + fp + fn:
            f1s.append(f_)
    e_tp = e_fp = e_fn = e_tn = 0
    for ex, e in zip(gold, predicted_emergency, strict=True):
        g = bool(ex.get("emergency"))
        e_tp += g and e
        e_fp += e and not g
        e_fn += g and not e
        e_tn += not g and not e
    ep, er, ef = _prf(e_tp, e_fp, e_fn)
    # Rows: gold label; columns: predicted label (a message counts once per pair).
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for ex, pred in zip(gold, predicted_labels, strict=True):
        for g in ex["labels"]:
            if g in confusion:
                for p in pred:
                    if p in confusion[g]:
                        confusion[g][p] += 1
    exact = sum(set(ex["labels"]) == set(p) for ex, p in zip(gold, predicted_labels, strict=True))
    return {
        "n": len(gold),
        "per_label": per_label,
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        "micro_f1": _prf(*micro)[2],
        "exact_match": exact / len(gold) if gold else 0.0,
        "emergency": {"precision": ep, "recall": er, "f1": ef, "support": e_tp + e_fn,
                      "tp": e_tp, "fp": e_fp, "fn": e_fn, "tn": e_tn},
        "confusion": confusion,
    }


def evaluate(model_or_classifier, examples: Iterable[dict], *,
             progress: Callable[[int, int], None] | None = None) -> dict:
    """Classify every example and score the result; adds messages per second."""
    examples = list(examples)
    labels = tuple(getattr(model_or_classifier, "labels", LABELS))
    predicted_labels: list[list[str]] = []
    predicted_emergency: list[bool] = []
    # One-time costs (place-name index, tokeniser dictionary) are not per-message costs.
    warm = getattr(model_or_classifier, "warm_up", None)
    if warm is not None:
        warm()
    started = time.perf_counter()
    for i, ex in enumerate(examples, 1):
        t = model_or_classifier.classify(ex["text"], sticker_keywords=ex.get("sticker_keywords"))
        predicted_labels.append(t.labels)
        predicted_emergency.append(t.emergency)
        if progress is not None:
            progress(i, len(examples))
    elapsed = time.perf_counter() - started
    metrics = score_predictions(examples, predicted_labels, predicted_emergency, labels=labels)
    metrics["messages_per_second"] = len(examples) / elapsed if elapsed > 0 else 0.0
    metrics["model_version"] = getattr(model_or_classifier, "version", "")
    return metrics
