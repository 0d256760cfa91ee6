"""Profile names as a reader should see them: marked when the weights are illustrative
(analyst judgment) or were replaced from a weights workbook (``run --weights``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from engine.results import RunResults, RunSettings
from engine.study import Study


def profile_label(study: Study, profile: str, settings: RunSettings | None = None) -> str:
    """``name (illustrative, weights from FILE)``: the profile's name with its marks (the
    second when ``settings`` name a weights workbook that replaced the profile)."""
    record = study.profile(profile)
    marks = []
    if record.illustrative:
        marks.append("illustrative")
    if settings is not None and settings.weights_file and profile in settings.weights_profiles:
        marks.append(f"weights from {Path(settings.weights_file).name}")
    return f"{record.name} ({', '.join(marks)})" if marks else record.name


def with_marked_profiles(results: RunResults) -> RunResults:
    """``results`` whose study shows every profile under its marked name (for the sheets a
    person reads; the Weights sheet keeps the names as they are, so it reads back the
    same)."""
    study, settings = results.study, results.settings
    marked = [
        record.model_copy(update={"name": label})
        for record in study.profile_records
        if (label := profile_label(study, record.id, settings)) != record.name
    ]
    if not marked:
        return results
    return replace(results, study=study.replace_profiles(marked))
