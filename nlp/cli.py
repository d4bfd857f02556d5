"""`classify`, `train` and `evaluate` commands (mounted into the `saiduan` CLI by the lead)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(help="Thai triage: classify messages, train and evaluate the model.",
                  no_args_is_help=True)
err = Console(stderr=True)


def _load(model: Path | None):
    import nlp

    return nlp.default_classifier() if model is None else nlp.Classifier.load(model)


@app.command()
def classify(
    jsonl: bool = typer.Option(False, "--jsonl", help="Input lines are JSON with a 'text' field "
                               "(and optional 'sticker_keywords')."),
    model: Path = typer.Option(None, help="A saved model directory (default: the shipped one)."),
) -> None:
    """Classify one message per line of stdin; write one JSON object per line."""
    clf = _load(model)
    out = sys.stdout
    for n, line in enumerate(sys.stdin, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        keywords = None
        if jsonl:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                err.print(f"[yellow]line {n}: not JSON, skipped[/yellow]")
                continue
            if not isinstance(row, dict):
                err.print(f"[yellow]line {n}: not a JSON object, skipped[/yellow]")
                continue
            text = row.get("text") or ""
            keywords = row.get("sticker_keywords")
        else:
            text = line
        result = clf.classify(text, sticker_keywords=keywords).to_dict()
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=False)


@app.command()
def train(
    data: Path = typer.Option(None, help="Directory of *.jsonl examples (default: nlp/data/examples)."),
    out: Path = typer.Option(None, help="Where to save the model (default: the shipped model dir)."),
    all_examples: bool = typer.Option(
        False, "--all", help="Train on every example, held-out split included (then there is "
        "no honest held-out score: only for a final production model)."),
) -> None:
    """Train on the training split, score on the held-out split, save the model."""
    import nlp
    from nlp.dataset import data_sha256
    from nlp.train import _summary

    examples = nlp.load_examples(data)
    train_set, heldout = nlp.split_examples(examples)
    if all_examples:
        train_set, heldout = examples, []
    err.print(f"{len(examples)} examples: training on {len(train_set)}, "
              f"holding out {len(heldout)}")
    with _progress() as bar:
        tasks: dict[str, int] = {}

        def report(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        model, cv_metrics = nlp.train(train_set, progress=report)
        held_metrics = None
        if heldout:
            task = bar.add_task("held-out evaluation", total=len(heldout))
            held_metrics = nlp.evaluate(
                model, heldout, progress=lambda i, n: bar.update(task, completed=i))
    if held_metrics is not None:
        model.metadata["metrics"]["heldout"] = _summary(held_metrics)
        model.metadata["heldout_sha256"] = data_sha256(heldout)
    target = out or nlp.DEFAULT_MODEL_DIR
    model.save(target)
    err.print(f"saved {model.version} to {target}")
    _print_metrics(cv_metrics, title="Cross-validation on the training split")
    if held_metrics is not None:
        _print_metrics(held_metrics, title="Held-out split")


@app.command()
def evaluate(
    data: Path = typer.Option(None, help="Directory of *.jsonl examples (default: nlp/data/examples)."),
    model: Path = typer.Option(None, help="A saved model directory (default: the shipped one)."),
    split: str = typer.Option("heldout", help="heldout, train or all"),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
) -> None:
    """Per-label precision/recall/F1, macro-F1, emergency recall/precision, confusion."""
    import nlp

    if split not in ("heldout", "train", "all"):
        raise typer.BadParameter("split must be heldout, train or all")
    clf = _load(model)
    examples = nlp.load_examples(data)
    train_set, heldout = nlp.split_examples(examples)
    chosen = {"heldout": heldout, "train": train_set, "all": examples}[split]
    with _progress() as bar:
        task = bar.add_task(f"classifying {split}", total=len(chosen))
        metrics = nlp.evaluate(clf, chosen, progress=lambda i, n: bar.update(task, completed=i))
    if as_json:
        typer.echo(json.dumps(metrics, ensure_ascii=False, indent=2))
        return
    _print_metrics(metrics, title=f"{clf.version} on the {split} split ({len(chosen)} messages)")


_SHORT = {"violence": "viol", "trafficking": "traf", "child_labor": "chld", "pregnancy": "preg",
          "poverty": "pov", "homeless": "home", "neglect": "negl", "benefits": "ben",
          "mental_health": "mh", "other": "oth"}


def _print_metrics(m: dict, *, title: str) -> None:
    console = Console(width=max(Console().width, 110))
    table = Table(title=title)
    for col in ("label", "precision", "recall", "F1", "support", "TP", "FP", "FN", "TN"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for label, v in m["per_label"].items():
        table.add_row(label, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}",
                      str(v["support"]), str(v["tp"]), str(v["fp"]), str(v["fn"]), str(v["tn"]))
    e = m["emergency"]
    table.add_section()
    table.add_row("[bold]emergency[/bold]", f"{e['precision']:.3f}", f"{e['recall']:.3f}",
                  f"{e['f1']:.3f}", str(e["support"]), str(e["tp"]), str(e["fp"]),
                  str(e["fn"]), str(e["tn"]))
    console.print(table)
    line = f"macro-F1 {m['macro_f1']:.3f}   micro-F1 {m['micro_f1']:.3f}   " \
           f"exact match {m['exact_match']:.3f}   emergency recall {e['recall']:.3f}   " \
           f"emergency precision {e['precision']:.3f}"
    if "messages_per_second" in m:
        line += f"   {m['messages_per_second']:.0f} messages/s"
    console.print(line)
    labels = list(m["confusion"])
    conf = Table(title="Label co-confusion (rows: true label, columns: predicted)")
    conf.add_column("true \\ predicted", no_wrap=True)
    for label in labels:
        conf.add_column(_SHORT.get(label, label[:5]), justify="right", no_wrap=True)
    for g in labels:
        conf.add_row(f"{g} ({_SHORT.get(g, g)})", *[str(m["confusion"][g][p]) if m["confusion"][g][p] else "."
                          for p in labels])
    console.print(conf)
