"""Labelled examples: loading, checking, hashing and the held-out split.

The split is decided by a stable hash of each example's normalised text, so:
- the same example is always on the same side, whoever runs it and whatever else is added;
- duplicates and near-duplicates that normalise alike never straddle the split.
About 20% is held out. If a label or emergencies would be missing from the held-out side, the
examples of that kind with the lowest hashes are moved there, still deterministically.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from nlp.model import LABELS
from nlp.normalize import normalize

EXAMPLES_DIR = Path(__file__).parent / "data" / "examples"
# Sets written blind to the examples and the model, for measuring only (data/probe/README.md).
PROBE_DIR = Path(__file__).parent / "data" / "probe"
HELDOUT_PERCENT = 20
MIN_HELDOUT_PER_KIND = 3


class ExampleError(ValueError):
    pass


def check_example(ex: dict, *, labels: tuple[str, ...] = LABELS, where: str = "") -> dict:
    """The example with its fields checked and typed; raises ExampleError if unusable."""
    if not isinstance(ex, dict) or not isinstance(ex.get("text"), str) or not ex["text"].strip():
        raise ExampleError(f"{where}: needs a non-empty 'text'")
    ex_labels = ex.get("labels")
    if not isinstance(ex_labels, list) or not ex_labels:
        raise ExampleError(f"{where}: needs a non-empty 'labels' list")
    unknown = [x for x in ex_labels if x not in labels]
    if unknown:
        raise ExampleError(f"{where}: unknown labels {unknown}")
    return {
        **ex,
        "labels": list(dict.fromkeys(ex_labels)),
        "emergency": bool(ex.get("emergency", False)),
    }


def load_examples(dir: str | Path | None = None) -> list[dict]:
    """Every example in the *.jsonl files of a directory (default: nlp/data/examples)."""
    folder = Path(dir) if dir is not None else EXAMPLES_DIR
    examples: list[dict] = []
    for path in sorted(folder.glob("*.jsonl")):
        examples.extend(load_example_file(path))
    return examples


def load_example_file(path: str | Path) -> list[dict]:
    """The examples of one *.jsonl file, checked."""
    path = Path(path)
    examples: list[dict] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ExampleError(f"{path.name}:{n}: not JSON ({exc.msg})") from None
            examples.append(check_example(raw, where=f"{path.name}:{n}"))
    return examples


def example_key(ex: dict) -> str:
    return hashlib.sha256(normalize(ex["text"]).encode("utf-8")).hexdigest()


def data_sha256(examples: Iterable[dict]) -> str:
    """Fingerprint of a training set, independent of file names and line order."""
    rows = sorted(
        json.dumps([ex["text"], sorted(ex["labels"]), bool(ex.get("emergency"))],
                   ensure_ascii=False)
        for ex in examples
    )
    digest = hashlib.sha256()
    for row in rows:
        digest.update(row.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def split_examples(examples: Iterable[dict], *, percent: int = HELDOUT_PERCENT
                   ) -> tuple[list[dict], list[dict]]:
    """(train, heldout): deterministic, about `percent`% held out, every kind represented."""
    examples = list(examples)
    keys = [example_key(ex) for ex in examples]
    held = {k for k in keys if int(k[:8], 16) % 100 < percent}
    kinds: dict[str, list[str]] = {}
    for ex, k in zip(examples, keys, strict=True):
        for label in ex["labels"]:
            kinds.setdefault(label, []).append(k)
        if ex.get("emergency"):
            kinds.setdefault("__emergency__", []).append(k)
    for members in kinds.values():
        unique = sorted(set(members))
        # At least one of every kind that has two or more examples, so nothing goes unmeasured.
        want = min(MIN_HELDOUT_PER_KIND, max(1, len(unique) // 5)) if len(unique) >= 2 else 0
        have = sum(1 for k in unique if k in held)
        for k in unique:
            if have >= want:
                break
            if k not in held:
                held.add(k)
                have += 1
    train = [ex for ex, k in zip(examples, keys, strict=True) if k not in held]
    heldout = [ex for ex, k in zip(examples, keys, strict=True) if k in held]
    return train, heldout
