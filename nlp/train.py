"""Training: features, one linear SVM per label (on features scaled by how much they say about
that label, see `nb_scale`) plus a logistic regression for emergencies,
calibration and thresholds, all chosen on out-of-fold predictions so the held-out split stays
untouched.

1. Every example goes through the same `normalize()` + `extract()` as prediction.
2. 5-fold cross-validation (folds by stable hash) gives an honest decision value per example and
   head. From those:
   - Platt scaling per head (a, b in sigmoid(a*z + b)), so a score of 0.8 means about 80%;
   - a threshold per label that maximises its F1;
   - the emergency threshold: the highest one that still keeps out-of-fold recall at or above
     `EMERGENCY_RECALL_TARGET` once the high-recall rules are added (a miss is the worst error).
3. The final model is fitted on all training examples.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable

import numpy as np

from nlp.answers import is_bare_answer
from nlp.dataset import check_example, data_sha256, example_key
from nlp.emergency import RULE_SCORE
from nlp.evaluate import score_predictions
from nlp.features import Vectorizer, extract
from nlp.entities import find_age
from nlp.model import LABELS, Classifier, decide, emergency_decision
from nlp.normalize import normalize

Progress = Callable[[str, int, int], None]

FOLDS = 5
# Label heads are linear SVMs (squared hinge). Chosen by cross-validation (2026-11-24), against
# logistic regression at its best C of 32: out-of-fold macro-F1 0.8766 -> 0.8793 (C 1), 0.8798
# (1.5), 0.8797 (2), 0.8778 (4); hinge loss 0.8777; half SVM, half LR 0.8790. Platt scaling
# turns the SVM's margins into probabilities as it did the LR's.
C_LABELS = 1.5
# Chosen by cross-validation (2026-11-24): at the same out-of-fold recall (0.986), precision 0.665
# at 16, 0.694 at 64, flat above.
C_EMERGENCY = 64.0
# Weights of the feature blocks (words, characters, lexicon, meta), chosen by 5-fold
# cross-validation on the training split: characters a little above words (robust to typos and
# dialect spellings), the lexicon low (it is knowledge the model can lean on, not the main voice).
BLOCK_WEIGHTS = (1.0, 1.4, 0.15, 0.3)
# A feature must occur in this many training messages. With 7,702 of them (2026-11-25), 5-fold
# out-of-fold macro-F1 was flat: 0.8873 at 1 (235k features), 0.8879 at 2 (120k), 0.8877 at 3
# (86k); 3 keeps the model under its size budget and each message's columns fewer.
MIN_DF = 3
# Label heads read each feature scaled by |log-count ratio| ** NB_POWER, the ratio of how often the
# feature occurs in the label's messages to how often it occurs in the others, smoothed by
# NB_ALPHA (NBSVM, Wang & Manning 2012). A word as common with the label as without it counts for
# little; the scale is folded into the weights, so prediction does not change. Chosen by 5-fold
# cross-validation (2026-11-25, 7,702 messages): out-of-fold macro-F1 0.8877 without it; power
# 0.25 / 0.5 / 0.75 -> 0.8905 / 0.8908 / 0.8873; alpha 0.5 / 1 / 2 at power 0.5 -> 0.8910 /
# 0.8908 / 0.8904; C 1 / 1.5 / 3 -> 0.8909 / 0.8908 / 0.8904. Block weights stayed flat with it.
NB_POWER = 0.5
NB_ALPHA = 1.0
# 0.99 was tried with C_EMERGENCY 64 (threshold 0.05): bare replies such as
# "อยู่ อ.เมือง จ.ขอนแก่น" then became emergencies, a false alarm on every answer to "where?".
EMERGENCY_RECALL_TARGET = 0.985
# Never require more than this from the learned score alone: the rules give RULE_SCORE.
MAX_EMERGENCY_THRESHOLD = 0.9
MIN_EMERGENCY_THRESHOLD = 0.05


def nb_scale(X, y: np.ndarray, *, alpha: float = NB_ALPHA, power: float = NB_POWER
             ) -> np.ndarray:
    """Per-feature scale for a head whose positives are `y == 1`: |log(p / q)| ** power, where p
    and q are the (smoothed) shares of the positive and negative messages' feature occurrences."""
    present = (X > 0).astype(np.float64)
    positive = y == 1
    p = alpha + np.asarray(present[positive].sum(axis=0)).ravel()
    q = alpha + np.asarray(present[~positive].sum(axis=0)).ravel()
    return np.abs(np.log((p / p.sum()) / (q / q.sum()))) ** power


def _fit_heads(X, Y: np.ndarray, *, C_labels: float, C_emergency: float
               ) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x heads) and biases; a head with one class only gets a constant.
    The last head is the emergency one."""
    # Imported here: scikit-learn takes half a second to import and only training needs it.
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    n_heads = Y.shape[1]
    W = np.zeros((X.shape[1], n_heads), dtype=np.float64)
    b = np.zeros(n_heads, dtype=np.float64)
    for h in range(n_heads):
        y = Y[:, h]
        positives = int(y.sum())
        if positives == 0 or positives == len(y):
            rate = (positives + 0.5) / (len(y) + 1.0)
            b[h] = np.log(rate / (1 - rate))
            continue
        if h == n_heads - 1:
            # Emergencies are weighted up (a miss is the worst error). An SVM here kept recall
            # and gained no precision worth the change (0.676 -> 0.687 out-of-fold, at a recall
            # just under the target's).
            clf = LogisticRegression(C=C_emergency, solver="liblinear", class_weight="balanced",
                                     max_iter=2000, random_state=0)
            clf.fit(X, y)
            W[:, h] = clf.coef_[0]
        else:
            # Not balanced: thresholds are tuned for F1 afterwards, and balancing only added
            # false positives.
            clf = LinearSVC(C=C_labels, max_iter=5000, random_state=0)
            scale = nb_scale(X, y)
            clf.fit(X @ sparse.diags(scale), y)
            W[:, h] = clf.coef_[0] * scale
        b[h] = clf.intercept_[0]
    return W, b


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():
        return 1.0, 0.0
    lr = LogisticRegression(C=100.0, solver="lbfgs")
    lr.fit(z.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def _best_f1_threshold(p: np.ndarray, y: np.ndarray) -> float:
    if y.sum() == 0:
        return 0.5
    best_t, best_f = 0.5, -1.0
    for t in np.arange(0.1, 0.91, 0.025):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        fp = float((pred & (y == 0)).sum())
        fn = float((~pred & (y == 1)).sum())
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        # Ties go to the threshold closest to 0.5, which is the least tuned to this data.
        if f > best_f + 1e-9 or (abs(f - best_f) <= 1e-9 and abs(t - 0.5) < abs(best_t - 0.5)):
            best_t, best_f = float(t), f
    return best_t


def _emergency_threshold(p: np.ndarray, rules: list[bool], y: np.ndarray) -> float:
    positives = int(y.sum())
    if positives == 0:
        return 0.5
    combined = np.maximum(p, np.where(rules, RULE_SCORE, 0.0))
    for t in np.arange(MAX_EMERGENCY_THRESHOLD, MIN_EMERGENCY_THRESHOLD - 1e-9, -0.01):
        recall = float(((combined >= t) & (y == 1)).sum()) / positives
        if recall >= EMERGENCY_RECALL_TARGET:
            return float(round(t, 4))
    return MIN_EMERGENCY_THRESHOLD


def train(
    examples: Iterable[dict], *, labels: tuple[str, ...] = LABELS,
    progress: Progress | None = None, folds: int = FOLDS,
    C_labels: float = C_LABELS, C_emergency: float = C_EMERGENCY,
) -> tuple[Classifier, dict]:
    """Fit a Classifier; returns it and its out-of-fold metrics on the training examples.

    `examples` are dicts as in nlp/data/examples (text, labels, emergency; sticker_keywords
    optional). `progress(step, done, total)` is called as work advances (for a progress bar).
    The metrics dict is JSON-able.
    """
    labels = tuple(labels)
    examples = [check_example(ex, labels=labels, where=f"example {i}")
                for i, ex in enumerate(examples, 1)]
    if len(examples) < folds * 2:
        raise ValueError(f"need at least {folds * 2} examples to train, got {len(examples)}")
    report = progress or (lambda step, done, total: None)

    extracted, ages = [], []
    for i, ex in enumerate(examples, 1):
        norm = normalize(ex["text"])
        extracted.append(extract(norm, ex.get("sticker_keywords")))
        ages.append(find_age(norm))
        if i % 100 == 0 or i == len(examples):
            report("features", i, len(examples))
    Y = np.array(
        [[label in ex["labels"] for label in labels] + [ex["emergency"]] for ex in examples],
        dtype=np.int64,
    )
    rules = [bool(e.rules) for e in extracted]
    fold_of = np.array([int(example_key(ex)[8:16], 16) % folds for ex in examples])

    # Out-of-fold decision values for calibration and thresholds.
    Z = np.zeros(Y.shape, dtype=np.float64)
    for f in range(folds):
        train_idx = np.flatnonzero(fold_of != f)
        val_idx = np.flatnonzero(fold_of == f)
        if len(val_idx) == 0:
            continue
        vec = Vectorizer.fit([extracted[i] for i in train_idx], min_df=MIN_DF,
                             block_weights=BLOCK_WEIGHTS)
        W, b = _fit_heads(vec.matrix([extracted[i] for i in train_idx]), Y[train_idx],
                          C_labels=C_labels, C_emergency=C_emergency)
        Z[val_idx] = np.asarray(vec.matrix([extracted[i] for i in val_idx]) @ W) + b
        report("cross-validation", f + 1, folds + 1)

    calib = np.array([_platt(Z[:, h], Y[:, h]) for h in range(Y.shape[1])])
    P = 1.0 / (1.0 + np.exp(-(calib[:, 0] * Z + calib[:, 1])))
    n = len(labels)
    thresholds = np.array([_best_f1_threshold(P[:, h], Y[:, h]) for h in range(n)])
    # As classify() does: a bare answer's learned emergency score is not used.
    learned = np.where([is_bare_answer(e.words) for e in extracted], 0.0, P[:, n])
    e_threshold = _emergency_threshold(learned, rules, Y[:, n])

    oof_labels = [decide(P[i, :n], labels, thresholds, has_features=True, age=ages[i])
                  for i in range(len(examples))]
    oof_emergency = [emergency_decision(learned[i], extracted[i].rules, e_threshold)[1]
                     for i in range(len(examples))]
    metrics = score_predictions(examples, oof_labels, oof_emergency, labels=labels)
    metrics["kind"] = f"{folds}-fold out-of-fold on the training examples"
    # Kept off the JSON-able metrics: for error analysis in a Python session.
    model_oof = {"probabilities": P, "rules": rules}

    vec = Vectorizer.fit(extracted, min_df=MIN_DF, block_weights=BLOCK_WEIGHTS)
    W, b = _fit_heads(vec.matrix(extracted), Y, C_labels=C_labels, C_emergency=C_emergency)
    report("cross-validation", folds + 1, folds + 1)

    sha = data_sha256(examples)
    stamp = dt.datetime.now(dt.UTC)
    digest = hashlib.sha256(sha.encode() + W.astype(np.float32).tobytes()).hexdigest()[:8]
    metadata = {
        "version": f"triage-{stamp:%Y%m%d%H%M}-{digest}",
        "created_at": stamp.isoformat(timespec="seconds"),
        "training_data_sha256": sha,
        "n_examples": len(examples),
        "n_features": len(vec.vocabulary),
        "params": {"folds": folds, "C_labels": C_labels, "C_emergency": C_emergency,
                   "min_df": MIN_DF, "nb_alpha": NB_ALPHA, "nb_power": NB_POWER,
                   "emergency_recall_target": EMERGENCY_RECALL_TARGET,
                   "block_weights": list(BLOCK_WEIGHTS)},
        "metrics": {"cross_validation": _summary(metrics)},
    }
    model = Classifier(
        labels=labels, vectorizer=vec, weights=W.astype(np.float32), bias=b,
        calib_a=calib[:, 0], calib_b=calib[:, 1], thresholds=thresholds,
        emergency_threshold=e_threshold, metadata=metadata,
    )
    model.out_of_fold = model_oof
    return model, metrics


def _summary(metrics: dict) -> dict:
    """The part of the metrics worth keeping in a model's metadata."""
    return {
        "n": metrics["n"],
        "macro_f1": round(metrics["macro_f1"], 4),
        "micro_f1": round(metrics["micro_f1"], 4),
        "emergency_recall": round(metrics["emergency"]["recall"], 4),
        "emergency_precision": round(metrics["emergency"]["precision"], 4),
        "per_label_f1": {k: round(v["f1"], 4) for k, v in metrics["per_label"].items()},
    }
