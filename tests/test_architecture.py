"""Import layering (ARCHITECTURE.md): lower layers never import higher ones; only the CLI prints."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "engine"
LAYERS = [
    {"errors", "_version", "issue_codes", "progress", "executor"},
    {"model"},
    {
        "valuefn",
        "delivery",
        "weights",
        "methods",
        "ranking",
        "validation",
        "elicitation",
        "profile_weights",
        "objective_profiles",
        "study_records",
        "portfolio_checks",
    },
    {"study"},
    {"acceptance", "diagnostics", "weights_data"},
    {"scoring"},
    {"sensitivity"},
    {"portfolio"},
    {"explore"},
    {"results"},
    {"compare"},
    {"report"},
    {"io"},
    {"app"},
    {"cli", "__main__", "__init__"},
]


def layer_of(module: str) -> int:
    head = module.split(".")[0]
    return next(i for i, names in enumerate(LAYERS) if head in names)


def engine_modules():
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        yield ".".join(parts), ast.parse(path.read_text())


def imported(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("engine"):
            if node.module == "engine":
                yield from (alias.name for alias in node.names)
            else:
                yield node.module.removeprefix("engine.")
        elif isinstance(node, ast.Import):
            yield from (
                a.name.removeprefix("engine.") for a in node.names if a.name.startswith("engine.")
            )


def test_no_module_imports_a_higher_layer():
    for module, tree in engine_modules():
        for target in imported(tree):
            assert layer_of(target) <= layer_of(module), f"{module} imports {target}"


def test_errors_module_uses_the_standard_library_only():
    tree = ast.parse((PACKAGE / "errors.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.module in {"__future__", "enum", "collections.abc", "dataclasses"}


def test_only_the_cli_prints():
    for module, tree in engine_modules():
        if module.split(".")[0] == "cli":
            continue
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print"
        ]
        assert not calls, f"{module} prints"


def test_the_workbook_readers_and_writers_never_import_the_report_writer():
    """Issue 27, item 8: page setup, print planning and charts are shared by both writer
    families from engine.io, so engine.io.workbooks never imports engine.io.report (the
    package cycle the layer test above cannot see: both are in the io layer)."""
    for module, tree in engine_modules():
        if module.startswith("io.workbooks"):
            reached = [t for t in imported(tree) if t.startswith("io.report")]
            assert not reached, f"{module} imports {reached}"


def test_the_progress_and_executor_modules_use_the_standard_library_only():
    allowed = {"__future__", "collections.abc", "typing", "concurrent.futures", "multiprocessing"}
    for name in ("progress.py", "executor.py"):
        tree = ast.parse((PACKAGE / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module in allowed, (name, node.module)
            elif isinstance(node, ast.Import):
                # Dask is optional: imported inside the functions that use it, never at load
                allowed_imports = {"os", "itertools", "dask", "distributed"}
                assert all(a.name in allowed_imports for a in node.names), name


REPORT_MAY_IMPORT = {
    "": {"methods"},  # a method's title and words
    "_version": {"__version__"},
    "errors": {"Issue"},
    "study": {"Study", "InputFile"},  # names, scales, records: what the study says
    "explore.analysis": {"Exploration"},
    "explore.discovery": {"Discovery"},
    "explore.kernel": {"RESOLUTION"},  # the percentiles' resolution, said in a note
    "explore.records": {"Uncertainties"},
    "results": {"RunResults", "RunSettings", "SensitivitySettings", "nearest_switch", "records"},
    "compare": {"Comparison"},
    "scoring": {"Pair", "PairResult", "ranked"},  # ranked: rows in rank order
    "sensitivity": {"RobustnessResult", "SmaaResult", "TornadoResult"},
    "portfolio.analysis": {"PortfolioAnalysis"},
    "portfolio.binding": {"constraint_words"},
    "portfolio.constraint_kinds": {"KINDS"},  # each kind's live-sheet formula
    "portfolio.frontier": {"MAX_POINTS", "Frontier", "WHOLE", "SUPPORTED", "NEAR"},  # labels
    "portfolio.inclusion": {"NEARLY_ALWAYS", "RARELY", "classify"},
    "portfolio.outcomes": {"Outcomes"},
    "portfolio_checks": {"constraint_members"},  # which measures a constraint names
    "weights_data": {"WeightsData", "global_name"},
}
"""What the report layer may import from the engine: types, words, constants and formula
templates. Its numbers (benefits, costs, levels, Kendall's tau, the Weights sheet's) come
from the results bundle (issue 23): no scoring kernel, solver, elicitation or valuation."""


def test_the_report_layer_computes_nothing():
    found = set()
    for module, tree in engine_modules():
        if not module.startswith("report"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("engine"):
                source = node.module.removeprefix("engine").removeprefix(".")
                if source.startswith("report"):
                    continue
                for alias in node.names:
                    if alias.name not in REPORT_MAY_IMPORT.get(source, set()):
                        found.add(f"{module}: {source}.{alias.name}")
            elif isinstance(node, ast.Import):
                found |= {f"{module}: {a.name}" for a in node.names if a.name.startswith("engine")}
    assert not found, sorted(found)
