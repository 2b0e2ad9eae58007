"""The label model: `train` it, `eval` it on labelled or real text."""

from __future__ import annotations

from pathlib import Path

import click

from huijia.cli.options import engine_or_exit, second_reading_option


@click.command("train")
@click.option("--size", default=14000, show_default=True, help="Generated posts to train on.")
@click.option("--seed", default=0, show_default=True, help="Fixes the corpus, the split and the solver.")
@click.option("--folds", default=4, show_default=True, help="Cross-validation folds over post families.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Where to write the model (default: the bundled model file inside the package).",
)
@click.option(
    "--corpus", type=click.Path(dir_okay=False, writable=True), help="Also write the corpus (JSONL)."
)
@click.option(
    "--with-decisions",
    "decisions_db",
    default=None,
    metavar="DB_URL",
    help="Also learn from the reviewers' decisions stored in this database.",
)
@click.option(
    "--real/--no-real",
    "use_real",
    default=True,
    show_default=True,
    help="Learn from the real text too (../shared/data/real-text, data/fetched, data/quoted) and report "
    "on its test split.",
)
@click.option(
    "--second-reading/--no-second-reading",
    "second_reading",
    default=True,
    show_default=True,
    help="Also fit the second reading of the uncertain band (needs the real text; reads ~10,000 texts "
    "with the sentence encoder the first time, cached under data/cache/).",
)
def train_command(
    size: int,
    seed: int,
    folds: int,
    output: str | None,
    corpus: str | None,
    decisions_db: str | None,
    use_real: bool,
    second_reading: bool,
) -> None:
    """Fit the label model on generated posts and real text, calibrate risk on real text; prints the
    held-out tests (post families never seen, and the real test split)."""
    import json
    import os

    try:
        from huijia.training.train import bundled_model_path, train
    except ImportError as exc:  # scikit-learn is an extra
        raise click.ClickException(
            f"training needs scikit-learn: pip install 'huijia[train]' ({exc})"
        ) from exc
    if folds < 2:
        raise click.BadParameter("needs at least 2", param_hint="--folds")
    if size < 1:
        raise click.BadParameter("needs at least 1", param_hint="--size")
    for path, hint in ((output, "--output"), (corpus, "--corpus")):  # said now, not after minutes of work
        if path is not None:
            folder = Path(path).resolve().parent
            if not folder.is_dir():
                raise click.BadParameter(f"no folder {folder} to write {Path(path).name} in", param_hint=hint)
            if not os.access(folder, os.W_OK):
                raise click.BadParameter(f"the folder {folder} cannot be written", param_hint=hint)
    reviewed = None
    if decisions_db:
        from huijia.store.decisions import labelled_examples
        from huijia.training.generate import Example

        reviewed = [
            Example(row["text"], row["label"], "reviewed", {})
            for row in labelled_examples(engine_or_exit(decisions_db))
        ]
        click.echo(f"learning from {len(reviewed)} reviewed post(s) as well", err=True)
    real = None
    if use_real:
        from huijia.training.realtext import load_real

        real = load_real()
        for problem in real.problems:
            click.echo(problem, err=True)
        click.echo(
            f"learning from {len(real.split('train'))} real text(s) as well, "
            f"calibrating on {len(real.split('dev'))}",
            err=True,
        )
    result = train(
        size=size, seed=seed, folds=folds, reviewed=reviewed, real=real, second_reading=second_reading
    )
    target = Path(output) if output else bundled_model_path()
    target.write_text(
        json.dumps(result.model.to_json(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )
    if corpus:
        from huijia.training.generate import generate

        with Path(corpus).open("w", encoding="utf-8") as fh:
            for i, example in enumerate(generate(size, seed)):
                fh.write(json.dumps(example.to_json(i), ensure_ascii=False) + "\n")
    folds = result.model.trained["folds"]
    click.echo(f"test on post families held out of training ({folds} folds, every family once):", err=True)
    click.echo(result.heldout.render(), err=True)
    if real is not None and real.split("test"):
        from huijia.analyse.pipeline import Analyser
        from huijia.training.realeval import evaluate_real

        click.echo("", err=True)
        click.echo(evaluate_real(Analyser(result.model), real.split("test")).render(), err=True)
    click.echo(f"model written to {target} ({len(result.model.weights):,} features)", err=True)


@click.command("eval")
@click.argument("labelled", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--model", "model_path", type=click.Path(dir_okay=False, exists=True), help="A model file.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of tables.")
@click.option(
    "--real",
    "real_split",
    type=click.Choice(["test", "dev", "train", "all", "cv"]),
    default=None,
    help="Score on the real text instead (../shared/data/real-text, data/fetched, data/quoted): flags per "
    "10,000 ordinary messages by kind and language, F1 on quoted posts, evasions, calibration. "
    "`test` is the split that is never trained or tuned on. `cv` cross-validates the whole analyser over "
    "train and dev (models refitted per fold, a few minutes; --model does not apply) and lists its errors: "
    "the way to choose patterns and parameters.",
)
@second_reading_option
def eval_command(
    labelled: str | None, model_path: str | None, as_json: bool, real_split: str | None, second_reading: bool
) -> None:
    """Score the analyser on a labelled JSONL file (`text`, `label`, optional `price` and `gender`), or
    with --real on the real text and its held-out split."""
    from huijia.training.evaluate import LabelledFileError, evaluate_file

    if real_split is not None:
        if labelled is not None:
            raise click.UsageError("give a LABELLED.jsonl file or --real SPLIT, not both")
        _eval_real(real_split, model_path, as_json, second_reading)
        return
    if labelled is None:
        raise click.UsageError("give a LABELLED.jsonl file, or --real SPLIT")
    try:
        scores, problems = evaluate_file(Path(labelled), model_path, second_reading)
    except LabelledFileError as exc:
        raise click.ClickException(str(exc)) from exc
    for problem in problems:
        click.echo(problem, err=True)
    if as_json:
        import json

        click.echo(json.dumps(scores.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(scores.render())


def _cross_validate(as_json: bool) -> None:
    import json

    from huijia.training.crossval import cross_validate
    from huijia.training.realtext import load_real

    corpus = load_real()
    for problem in corpus.problems:
        click.echo(problem, err=True)
    if not any(item.quoted for item in corpus.items):
        raise click.ClickException("no quoted posts found (data/quoted/) to cross-validate on")
    result = cross_validate(corpus.items)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(result.render(errors=True))


def _eval_real(split: str, model_path: str | None, as_json: bool, second_reading: bool) -> None:
    import json

    from huijia.analyse.classify import ModelError
    from huijia.engines.pipeline import build_pipeline
    from huijia.training.realeval import evaluate_real
    from huijia.training.realtext import load_real

    if split == "cv":
        if model_path is not None:  # cross-validation fits its own models: say so rather than ignore it
            raise click.UsageError("--real cv fits its own models fold by fold; --model does not apply")
        _cross_validate(as_json)
        return
    try:
        analyser = build_pipeline(model_path, second_reading).analyser
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    corpus = load_real()
    for problem in corpus.problems:
        click.echo(problem, err=True)
    items = corpus.items if split == "all" else corpus.split(split)
    if not items:
        raise click.ClickException("no real text found (is ../shared/data/real-text there?)")
    report = evaluate_real(analyser, items, split)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.render())
