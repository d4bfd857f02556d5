"""Saiduan's Thai triage: normalise, classify, detect emergencies, extract entities, train.

Imports nothing of the rest of the project. The default model ships in `nlp/model/` and is loaded
once per process, on first use.
"""

from __future__ import annotations

import threading
from pathlib import Path

from nlp.dataset import load_examples, split_examples
from nlp.entities import Entities
from nlp.evaluate import evaluate
from nlp.language import detect_language
from nlp.model import LABELS, Classifier, Triage
from nlp.normalize import normalize
from nlp.places import Place, find_places, place_from_codes
from nlp.train import train

DEFAULT_MODEL_DIR = Path(__file__).parent / "model"

_default: Classifier | None = None
_lock = threading.Lock()


def default_classifier() -> Classifier:
    """The shipped model, loaded once per process."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Classifier.load(DEFAULT_MODEL_DIR).warm_up()
    return _default


def warm_up() -> None:
    """Load the shipped model and its indexes now (call at application start-up)."""
    default_classifier()


def classify(text: str, *, sticker_keywords: list[str] | None = None) -> Triage:
    """Triage one message with the shipped model (see Classifier.classify)."""
    return default_classifier().classify(text, sticker_keywords=sticker_keywords)


__all__ = [
    "DEFAULT_MODEL_DIR",
    "LABELS",
    "Classifier",
    "Entities",
    "Place",
    "Triage",
    "classify",
    "default_classifier",
    "detect_language",
    "evaluate",
    "find_places",
    "load_examples",
    "normalize",
    "place_from_codes",
    "split_examples",
    "train",
    "warm_up",
]
