"""The report of ``policyscore compare``: what differs between two or more inputs."""

from __future__ import annotations

import pandas as pd

from engine._version import __version__
from engine.compare import Comparison
from engine.report.layout import Column, Report, Sheet, Table
from engine.report.readme_sheet import with_readme

WINNERS = "compare_winners"


def frame_table(title: str | None, frame: pd.DataFrame, **kwargs) -> Table:
    """A DataFrame as a report table: text columns 30 wide, numbers by their kind."""
    columns = [_column(name, frame[name]) for name in frame.columns]
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    return Table(title, columns, rows, **kwargs)


def _column(name: str, values: pd.Series) -> Column:
    if pd.api.types.is_integer_dtype(values):
        return Column(name, "integer", max(8, min(len(name) + 2, 14)))
    if pd.api.types.is_float_dtype(values):
        kind = "weight" if name.startswith(("Local", "Global", "Change in global")) else "number"
        return Column(name, kind, max(8, min(len(name) + 2, 14)))
    return Column(name, width=30)


def _cell(value):
    if isinstance(value, float) and pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def build_compare_report(comparison: Comparison) -> Report:
    """Overview, Winners, Rank changes, Weights, Study diff, Agreement, Run info."""
    labels = [c.label for c in comparison.inputs]
    ranks = comparison.ranks
    sheets = [
        Sheet(
            "Overview",
            f"Comparison: {' vs '.join(labels)}",
            f"Read: {comparison.headline} Each input is scored with the {comparison.method} "
            "method on the scenario x profile pairs and options they all hold.",
            [frame_table("What differs", comparison.overview)],
        ),
        Sheet(
            "Winners",
            "Winner of each scenario x profile, per input",
            "Read: one winner column per input; a filterable table named compare_winners.",
            [frame_table(None, comparison.winners, name=WINNERS)],
        ),
        Sheet(
            "Rank changes",
            "Rank and score of every option per pair and input, largest moves first",
            "Read: rank 1 is best; 'Largest move' is the biggest rank change from the first "
            "input, shaded.",
            [frame_table(None, ranks, heat_columns=[len(ranks.columns) - 1], heat="bad")],
            printed=0,
        ),
        Sheet(
            "Weights",
            "Local and global weight of every node per profile and input",
            "Read: local weights among siblings, global = product down the tree; the change "
            "is the last input's global weight minus the first's.",
            [frame_table(None, comparison.weights)],
            printed=0,
        ),
        Sheet(
            "Study diff",
            f"What changed in the study ({labels[0]} -> {labels[-1]})",
            "Read: records added or removed, then every performance cell whose value, range, "
            "rationale or sources changed, old and new side by side.",
            [frame_table(None, comparison.study)],
        ),
        Sheet(
            "Agreement",
            "How far the rankings agree with the first input's",
            "Read: Kendall's tau (1 = same order, 0 = unrelated, -1 = reversed) and how many "
            "of the first input's top three are also in the other's top three.",
            [frame_table(None, comparison.agreement, heat_columns=[3])],
        ),
        Sheet(
            "Run info",
            "How this comparison was made",
            "Read: engine version, method and the SHA-256 of every input file.",
            [
                Table(
                    None,
                    [Column("Item", width=22), Column("Value", width=80)],
                    [["Engine version", __version__], ["Method", comparison.method]]
                    + [
                        [f"Input {c.label}", f"{c.kind}: {c.path} ({_digest(c)})"]
                        for c in comparison.inputs
                    ],
                )
            ],
        ),
    ]
    study = comparison.inputs[0].study
    return Report(with_readme(sheets, study), study=study.info.name)


def _digest(compared) -> str:
    return compared.sha256 or "a folder: its files' hashes are in its reports"
