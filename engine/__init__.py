"""policyscore: a policy-scenario scoring engine.

Public API::

    import engine
    study = engine.load_study("path/to/study")
    engine.evaluate(study, scenario="s0", profile="equal_weights", method="additive")
    edited = engine.load_weights("weights.xlsx", study)  # profile id -> Profile
    engine.evaluate(study, scenario="s0", profile=edited["equal_weights"])
    engine.compare("a.xlsx", "b.xlsx", study=".").winners  # what differs (DataFrames)
    engine.combine_weights(["p1.xlsx", "p2.xlsx"], study)  # group weights of planners
"""

from engine._version import __version__
from engine.errors import EngineError, InputError, Issue, Location, OutputError, Severity
from engine.io.compare_inputs import compare_files as compare
from engine.io.load import load_study
from engine.io.workbooks.group_workbook import combine_weights
from engine.io.workbooks.weights_reader import load_weights
from engine.model import Profile
from engine.scoring import evaluate
from engine.study import Study

__all__ = [
    "EngineError",
    "InputError",
    "Issue",
    "Location",
    "OutputError",
    "Profile",
    "Severity",
    "Study",
    "__version__",
    "combine_weights",
    "compare",
    "evaluate",
    "load_study",
    "load_weights",
]
