"""Retraining the classifier from the shipped examples plus workers' corrections.

A new model is trained on the training split, then it and the model in use are scored on the
same held-out split. It becomes active only if it does not lower emergency recall: missing an
emergency is the one mistake this system must not get worse at. Every attempt is a ModelVersion
row (active or rejected) with both sets of figures, so admins see why.

Model files go under the model directory (settings.model_dir; shared storage when several
instances run: each instance loads the active version from there, see `ModelSwitch`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

import nlp
from bots.sqltypes import utcnow
from handoff.audit import record
from intake.models import ModelStatus, ModelVersion, TrainingExample

log = logging.getLogger("saiduan.handoff.retrain")


def db_examples(session: Session, labels: tuple[str, ...]) -> list[dict]:
    """Corrections and admin examples, keeping only labels the model knows."""
    known = set(labels)
    out = []
    for ex in session.execute(sa.select(TrainingExample).order_by(TrainingExample.id)).scalars():
        kept = [label for label in ex.labels or [] if label in known]
        if kept and ex.text and ex.text.strip():
            out.append({"text": ex.text, "labels": kept, "emergency": bool(ex.emergency)})
    return out


def _summary(metrics: dict) -> dict:
    return {"n": metrics.get("n"), "macro_f1": round(float(metrics.get("macro_f1", 0.0)), 4),
            "emergency_recall": round(float(metrics["emergency"]["recall"]), 4),
            "emergency_precision": round(float(metrics["emergency"]["precision"]), 4)}


def active_version(session: Session) -> ModelVersion | None:
    return session.execute(sa.select(ModelVersion).where(ModelVersion.status == ModelStatus.active)
                           .order_by(ModelVersion.activated_at.desc().nulls_last(), ModelVersion.id.desc())
                           .limit(1)).scalar_one_or_none()


def retrain(sessions: sessionmaker[Session], *, model_dir: Path, current: Any, user_id: int | None,
            shipped: list[dict] | None = None, train_fn: Callable = nlp.train, evaluate_fn: Callable = nlp.evaluate,
            now: datetime | None = None) -> ModelVersion:
    labels = tuple(getattr(current, "labels", nlp.LABELS))
    shipped = nlp.load_examples() if shipped is None else shipped
    with sessions() as session:
        corrections = db_examples(session, labels)
    train_set, heldout = nlp.split_examples(shipped + corrections)
    model, _ = train_fn(train_set, labels=labels)
    new = _summary(evaluate_fn(model, heldout))
    old = _summary(evaluate_fn(current, heldout))
    accepted = new["emergency_recall"] >= old["emergency_recall"]
    now = now or utcnow()
    version = model.metadata.get("version") or f"triage-{now:%Y%m%d%H%M%S}"
    with sessions() as session:
        # The same data retrained within a minute gets the same version name; keep rows distinct.
        taken = set(session.execute(sa.select(ModelVersion.version)
                                    .where(ModelVersion.version.like(version + "%"))).scalars())
    base, n = version, 1
    while version in taken:
        n += 1
        version = f"{base}-{n}"
    path = Path(model_dir) / version
    if accepted:
        model.save(path)
    with sessions() as session:
        row = ModelVersion(
            version=version, path=str(path) if accepted else "", data_sha256=model.metadata.get("training_data_sha256", ""),
            labels=list(labels), user_id=user_id, created_at=now,
            status=ModelStatus.active if accepted else ModelStatus.rejected, activated_at=now if accepted else None,
            metrics={"heldout_new": new, "heldout_current": old, "current_version": getattr(current, "version", ""),
                     "n_train": len(train_set), "n_heldout": len(heldout), "n_corrections": len(corrections),
                     "rule": "activate only if held-out emergency recall does not drop"},
        )
        if accepted:
            session.execute(sa.update(ModelVersion).where(ModelVersion.status == ModelStatus.active)
                            .values(status=ModelStatus.retired))
        session.add(row)
        session.flush()
        record(session, user_id=user_id, action="admin.model.retrain",
               detail={"version": version, "accepted": accepted})
        session.commit()
        return row


@dataclass
class Retrainer:
    """Runs one retraining at a time in a background thread of this process."""

    sessions: sessionmaker[Session]
    model_dir: Path
    current: Callable[[], Any]
    running: bool = False
    started_at: datetime | None = None
    last_version: str | None = None
    last_error: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, user_id: int) -> bool:
        with self._lock:
            if self.running:
                return False
            self.running, self.started_at, self.last_error = True, utcnow(), None
        threading.Thread(target=self._run, args=(user_id,), name="retrain", daemon=True).start()
        return True

    def _run(self, user_id: int) -> None:
        try:
            row = retrain(self.sessions, model_dir=self.model_dir, current=self.current(), user_id=user_id)
            self.last_version = row.version
        except Exception as exc:  # shown to the admin; the model in use stays as it was
            log.exception("retraining failed")
            self.last_error = type(exc).__name__
        finally:
            self.running = False


class ModelSwitch:
    """Keeps this process's classifier on the active ModelVersion (checked periodically, so a
    model activated by another instance is picked up)."""

    def __init__(self, sessions: sessionmaker[Session], install: Callable[[Any], None]) -> None:
        self.sessions = sessions
        self.install = install
        self.loaded: str | None = None
        self.classifier: Any = None

    def current(self) -> Any:
        return self.classifier or nlp.default_classifier()

    def check(self) -> bool:
        with self.sessions() as session:
            row = active_version(session)
        if row is None or row.version == self.loaded or not row.path:
            return False
        classifier = nlp.Classifier.load(row.path)
        warm = getattr(classifier, "warm_up", None)
        if warm is not None:
            classifier = warm() or classifier
        self.classifier, self.loaded = classifier, row.version
        self.install(classifier)
        log.info("classifier switched", extra={"version": row.version})
        return True
