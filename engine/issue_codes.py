"""The catalogue of issue codes: every code the engine can emit, with its cause and fix.

Declared once here; ``docs/issue-codes.md`` is generated from it
(``python docs/make_issue_codes.py``) and a test checks that the two match and
that every code the engine emits is listed. Standard library only, like
:mod:`engine.errors`.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.errors import Severity


@dataclass(frozen=True)
class IssueCode:
    """One stable issue code: how bad it is, what causes it and how to fix it."""

    code: str
    severity: Severity
    cause: str
    fix: str


E, W = Severity.ERROR, Severity.WARNING

CATALOGUE: tuple[IssueCode, ...] = (
    IssueCode(
        "study-not-found",
        E,
        "The path does not exist, or is a folder without `criteria/` and `scenarios/`.",
        "Run in a study folder or give the path of one (or of a study workbook).",
    ),
    IssueCode(
        "profile-not-accepted",
        E,
        "A profile object given to a study method (`Study.weights`, `Study.node_weights`) that was not accepted into the study.",
        "Accept it first: `engine.acceptance.with_profiles(study, [profile])`, or pass it to `engine.evaluate`, which does.",
    ),
    IssueCode(
        "file-missing",
        E,
        "A required file or the `scenarios/` folder is missing, or a workbook path that is "
        "no regular file (a folder, a pipe, a symbolic link loop).",
        "Create it (see Study format), or give the path of the .xlsx file itself.",
    ),
    IssueCode(
        "file-unreadable",
        E,
        "The file cannot be read (permissions).",
        "Fix the file's permissions.",
    ),
    IssueCode(
        "file-too-large",
        E,
        "A study file larger than 20 MB, or a workbook larger than 50 MB.",
        "Split or shorten it.",
    ),
    IssueCode(
        "file-not-text",
        E,
        "The file holds binary data.",
        "Use a UTF-8 YAML text file.",
    ),
    IssueCode(
        "file-encoding",
        E,
        "The file is not valid UTF-8.",
        "Re-save it as UTF-8.",
    ),
    IssueCode(
        "limit-exceeded",
        E,
        "A study or workbook beyond the limits below (e.g. 501 options, a zip bomb, more than 100,000 filled cells in the sheets a command reads).",
        "Split the study, or delete stray cells and save.",
    ),
    IssueCode(
        "toml-syntax",
        E,
        "The TOML cannot be parsed (also a key written twice).",
        "Fix the line named; quote text.",
    ),
    IssueCode(
        "toml-too-deep",
        E,
        "TOML nested deeper than 32 levels.",
        "Flatten the file.",
    ),
    IssueCode(
        "file-ambiguous",
        E,
        "Both `X.yaml` and `X.toml` for the same study file.",
        "Delete the one you do not use.",
    ),
    IssueCode(
        "yaml-syntax",
        E,
        "The YAML cannot be parsed.",
        "Check indentation; quote text containing `:`, `#` or `,` in `{...}`.",
    ),
    IssueCode(
        "yaml-duplicate-key",
        E,
        "A key appears twice in one mapping.",
        "Keep one of them.",
    ),
    IssueCode(
        "yaml-anchor",
        E,
        "An anchor (`&`) or alias (`*`).",
        "Write the value out in full.",
    ),
    IssueCode(
        "yaml-tag",
        E,
        "An explicit YAML tag such as `!!python/object`.",
        "Remove the tag.",
    ),
    IssueCode(
        "yaml-too-deep",
        E,
        "Nesting deeper than 32 levels.",
        "Flatten the file.",
    ),
    IssueCode(
        "yaml-multiple-documents",
        E,
        "More than one YAML document (`---`).",
        "One document per file.",
    ),
    IssueCode(
        "yaml-key-invalid",
        E,
        "A key that is a list, mapping or merge key.",
        "Use plain keys.",
    ),
    IssueCode(
        "format-version",
        E,
        "`format_version` missing or not supported.",
        "Add `format_version: 1`.",
    ),
    IssueCode(
        "structure-invalid",
        E,
        "A list where a mapping belongs, or the reverse.",
        "Follow the layout in Study format.",
    ),
    IssueCode(
        "key-unknown",
        E,
        "A key the format does not define (often a typo).",
        "Remove or correct it.",
    ),
    IssueCode(
        "key-missing",
        E,
        "A required key is missing.",
        "Add it.",
    ),
    IssueCode(
        "id-invalid",
        E,
        "An id that is not a letter then letters, digits, underscores (64 at most), or a "
        "criterion id that result tables use as a column name (`score`, `rank`).",
        "Rename it.",
    ),
    IssueCode(
        "name-duplicate",
        E,
        "Two options, scenarios or profiles with the same name (case and spaces ignored), or two options with the same label (short name, else name).",
        "Give each its own name: the report's pick lists and live look-ups find them by name.",
    ),
    IssueCode(
        "id-duplicate",
        E,
        "Two nodes, options, sources, scenarios or profiles share an id, or have ids that "
        "differ only in case (spreadsheet names and look-ups ignore case).",
        "Make ids unique, ignoring case.",
    ),
    IssueCode(
        "text-expected",
        E,
        "A number or yes/no where text belongs.",
        "Put the value in quotes.",
    ),
    IssueCode(
        "text-empty",
        E,
        "An empty name.",
        "Write a name.",
    ),
    IssueCode(
        "text-reordering",
        E,
        "A name or text holding a bidirectional override or isolate control (U+202A-U+202E, "
        "U+2066-U+2069), which makes it display in another order than it is stored.",
        "Delete the control character; right-to-left text needs none.",
    ),
    IssueCode(
        "text-too-long",
        E,
        "A name over 200 or a text over 20,000 characters.",
        "Shorten it.",
    ),
    IssueCode(
        "boolean-expected",
        E,
        "Something other than `true`/`false` for a flag.",
        "Write `true` or `false`.",
    ),
    IssueCode(
        "choice-invalid",
        E,
        "A value outside the allowed choices (e.g. `direction`, `kind`).",
        "Use one of the listed choices.",
    ),
    IssueCode(
        "value-not-numeric",
        E,
        "Text, a yes/no, `.nan`/`.inf` or a decimal comma where a number belongs.",
        "Write a plain number with a decimal point.",
    ),
    IssueCode(
        "scale-invalid",
        E,
        "Scale `min` not below `max`, or a constructed scale not 0-10.",
        "Correct the range.",
    ),
    IssueCode(
        "anchor-missing",
        E,
        "A constructed scale lacks an anchor for 0, 5 or 10.",
        "Write the missing anchor.",
    ),
    IssueCode(
        "anchor-outside-scale",
        E,
        "An anchor outside the scale range.",
        "Move or remove it.",
    ),
    IssueCode(
        "valuefn-not-monotone",
        E,
        "Value function performances not increasing, or values not rising (benefit) / falling (cost).",
        "Reorder or correct the points.",
    ),
    IssueCode(
        "valuefn-outside-scale",
        E,
        "Value function points that do not span the scale, or values outside 0-100.",
        "Start at the scale min, end at its max, values 0-100.",
    ),
    IssueCode(
        "objective-empty",
        E,
        "An objective without children.",
        "Add criteria or remove it.",
    ),
    IssueCode(
        "study-empty",
        E,
        "No criteria, options, scenarios or profiles.",
        "Add at least one.",
    ),
    IssueCode(
        "option-unknown",
        E,
        "A performance row for an option not in the catalogue.",
        "Fix the id or add the option.",
    ),
    IssueCode(
        "criterion-unknown",
        E,
        "A performance cell, or an SMAA ranking or interval, naming a criterion not in the tree.",
        "Fix the id or add the criterion.",
    ),
    IssueCode(
        "source-unknown",
        E,
        "Evidence naming a source not in `sources.yaml`.",
        "Fix the id or add the source.",
    ),
    IssueCode(
        "scenario-unknown",
        E,
        "A `base`, an objective profile's `scenario` (or `--scenario`) naming no scenario.",
        "Use an existing scenario id.",
    ),
    IssueCode(
        "profile-unknown",
        E,
        "`--profile` naming no profile.",
        "Use an existing profile id.",
    ),
    IssueCode(
        "node-unknown",
        E,
        "A weight for a node that is not in the tree.",
        "Fix the id or remove the weight.",
    ),
    IssueCode(
        "base-cycle",
        E,
        "Base scenarios form a cycle.",
        "Make the chain end at a scenario without `base`.",
    ),
    IssueCode(
        "value-missing",
        E,
        "An option has no performance on some criteria (directly or inherited).",
        "Fill the cells.",
    ),
    IssueCode(
        "value-out-of-scale",
        E,
        "A value, low or high outside the criterion's scale.",
        "Use a number within the scale.",
    ),
    IssueCode(
        "range-invalid",
        E,
        "`low <= value <= high` does not hold.",
        "Correct the range.",
    ),
    IssueCode(
        "weight-negative",
        E,
        "A negative swing weight.",
        "Use zero or more points.",
    ),
    IssueCode(
        "weight-overflow",
        E,
        "Sibling swing points whose sum is larger than a number can hold (e.g. 1e308 twice).",
        "Use points on an ordinary scale, e.g. 0 to 100.",
    ),
    IssueCode(
        "weight-all-zero",
        E,
        "All siblings under a node have zero weight.",
        "Give at least one a positive weight.",
    ),
    IssueCode(
        "weight-missing",
        E,
        "A profile has no weight for some nodes.",
        "Add the missing nodes.",
    ),
    IssueCode(
        "preference-invalid",
        E,
        "A PROMETHEE preference function without the thresholds it needs (`v-shape`: p > 0; `level`, `linear`: 0 <= q < p; `gaussian`: s > 0).",
        "Add or correct q, p or s.",
    ),
    IssueCode(
        "elicitation-children",
        E,
        "A ranking or AHP matrix that does not name exactly the children of its node.",
        "List every child once.",
    ),
    IssueCode(
        "weight-conflict",
        E,
        "A node weighted both directly and by a ranking or AHP matrix, or an objective profile that also declares weights.",
        "Keep one.",
    ),
    IssueCode(
        "objective-negative",
        E,
        "Entropy weights asked of a scenario with negative performances.",
        "Use `method: critic`, or a scale without negative values.",
    ),
    IssueCode(
        "ahp-shape",
        E,
        "An AHP matrix that is not square or does not match `order`.",
        "One row and column per child.",
    ),
    IssueCode(
        "ahp-out-of-scale",
        E,
        "A judgment that is not a number or fraction from 1/9 to 9.",
        'Use Saaty\'s 1-9 scale (`3`, `"1/3"`).',
    ),
    IssueCode(
        "ahp-not-reciprocal",
        E,
        "`a_ji` is not `1 / a_ij` (within 1 %).",
        "Make the lower triangle the reciprocals.",
    ),
    IssueCode(
        "samples-invalid",
        E,
        "`--samples` not from 1 to 100,000,000 for SMAA, or from 1 to 100,000 for `portfolio` (one exact program each), or a chunk size below 1.",
        "Give a whole number in range.",
    ),
    IssueCode(
        "seed-invalid",
        E,
        "A random seed below 0 or of 2^64 and more.",
        "Give a whole number from 0 to 2^64 - 1.",
    ),
    IssueCode(
        "delta-invalid",
        E,
        "A tornado `--delta` that is not a number above 0 and at most 1.",
        "Give the move of a local weight, e.g. 0.1.",
    ),
    IssueCode(
        "concentration-invalid",
        E,
        "`--concentration` (Dirichlet sampling) that is not a positive number.",
        "Give a positive number; larger keeps samples closer to the profile.",
    ),
    IssueCode(
        "sampling-unknown",
        E,
        "`--sampling` or `--performance` not one of the listed modes.",
        "Use a listed mode.",
    ),
    IssueCode(
        "profile-required",
        E,
        "`ordinal`, `intervals` or `dirichlet` sampling with no profile to centre on.",
        "Pass `--profile` (or explicit ranking / intervals in the API).",
    ),
    IssueCode(
        "sampling-infeasible",
        E,
        "Weight intervals that cannot hold weights summing to 1 (lower bounds above 1 in sum, "
        "upper bounds below 1, or a lower bound above its upper one).",
        "Widen the intervals.",
    ),
    IssueCode(
        "workbook-encrypted",
        E,
        "A password-protected (encrypted) workbook.",
        "Remove the password (File > Info > Protect Workbook) and save.",
    ),
    IssueCode(
        "workbook-format",
        E,
        "An old `.xls`, an OpenDocument `.ods`, a Word or PowerPoint file, a plain zip, or a Strict Open XML workbook given as a workbook.",
        'Save it as "Excel Workbook (.xlsx)".',
    ),
    IssueCode(
        "workbook-unreadable",
        E,
        "A weights or study workbook that is not an .xlsx workbook (or a broken one).",
        'Save it from Excel or LibreOffice as "Excel Workbook (.xlsx)".',
    ),
    IssueCode(
        "profile-sheet-missing",
        E,
        "A weights workbook with no sheet holding `Profile id` in A3.",
        "Use a workbook made by `policyscore template weights`.",
    ),
    IssueCode(
        "formula-no-value",
        E,
        "A workbook cell holds a formula whose result was never saved.",
        "Open the workbook in a spreadsheet program and save it, or type the value.",
    ),
    IssueCode(
        "sheet-missing",
        E,
        "A study workbook lacks a required sheet (Study, Tree, Options, Scenarios, Performance, Profiles, Profile weights).",
        "Add the sheet (start from `policyscore template study`).",
    ),
    IssueCode(
        "method-needs-positive",
        E,
        "The weighted product model met a zero or negative performance.",
        "Use a scale without zero, or another method.",
    ),
    IssueCode(
        "ahp-inconsistent",
        W,
        "An AHP matrix with a consistency ratio above 0.10.",
        "Revisit the judgment the message names.",
    ),
    IssueCode(
        "method-skipped",
        W,
        "A method left out of the report's method comparison (it cannot score this study).",
        "See the message; usually nothing to do.",
    ),
    IssueCode(
        "rationale-missing",
        W,
        "A performance value without a rationale.",
        "Write a short rationale.",
    ),
    IssueCode(
        "judgment-without-range",
        W,
        "A value with no evidence sources and no `low`/`high`.",
        "Give the uncertainty range of the judgment (or cite the evidence).",
    ),
    IssueCode(
        "override-unchanged",
        W,
        "A derived scenario repeats its base's value, low and high.",
        "Delete the override to inherit.",
    ),
    IssueCode(
        "portfolio-missing",
        E,
        "A portfolio command or function on a study without `scenarios/portfolio.yaml`, or a scenario with `costs` in such a study.",
        "Declare the baseline and resources in `scenarios/portfolio.yaml` (docs/portfolio.md).",
    ),
    IssueCode(
        "portfolio-infeasible",
        E,
        "No package meets every limit and constraint (found before solving when the required measures alone exceed a limit).",
        "Raise a limit, drop a constraint or require fewer measures; the message names what conflicts.",
    ),
    IssueCode(
        "portfolio-unsolved",
        E,
        "The solver stopped at the time limit before it found any package.",
        "Allow more time (`--time-limit`) or simplify the constraints.",
    ),
    IssueCode(
        "scale-underused",
        W,
        "The options use under a third of a natural scale in the base scenario, so their 0-100 values differ by little.",
        "Narrow the scale's min/max to the plausible range, or check the values.",
    ),
    IssueCode(
        "criteria-correlated",
        W,
        "Two criteria's values correlate above 0.85 across the options in the base scenario: possibly one effect counted twice.",
        "Merge the two criteria or redefine one.",
    ),
    IssueCode(
        "judgment-range-narrow",
        W,
        "On a criterion, cells without evidence have narrower low/high ranges on average than cells with evidence (in a study with a baseline: relative to the size of each cell's change over the baseline, since a cited line certifies a direction more often than a size).",
        "Widen the judgment-only ranges: judgment alone is the less certain.",
    ),
    IssueCode(
        "profile-illustrative",
        W,
        "A profile's weights are analyst judgment (`illustrative: true`), not a stakeholder's statement.",
        "Read its results as a what-if (the report marks it); replace it with elicited weights when you can.",
    ),
    IssueCode(
        "objective-single-criterion",
        W,
        "A profile weighs the top objectives equally and an objective has a single criterion, which then gets the objective's whole share.",
        "Give the criteria equal weights instead, or name the profile for what it is.",
    ),
    IssueCode(
        "compare-inputs",
        E,
        "`policyscore compare` was given fewer than two inputs, or `combine` fewer than two or more than 50 planners' workbooks, or one workbook twice.",
        "Give two or more inputs (each once; at most 50 planners to `combine`).",
    ),
    IssueCode(
        "compare-input-unknown",
        E,
        "An input of `policyscore compare` is neither a study (folder or workbook), a weights workbook nor a report written by policyscore (no Study or Weights sheet).",
        "Give a study folder, a study workbook, a weights workbook or a policyscore report.",
    ),
    IssueCode(
        "compare-tree-differs",
        E,
        "A weights workbook or report given to `policyscore compare` weighs another value tree than the study given by `--study`.",
        "Give the study those weights belong to (`--study`), or compare the two studies themselves.",
    ),
    IssueCode(
        "compare-report-format",
        E,
        "A report given to `policyscore compare` has a layout version (Run info, 'Report format') this version of policyscore does not know.",
        "Re-run that report with this version of policyscore, or compare with the version that wrote it.",
    ),
    IssueCode(
        "compare-nothing-shared",
        E,
        "The inputs share no scenario, no profile or fewer than two options, so no ranking can be compared.",
        "Compare versions of the same study, or weights of the same value tree.",
    ),
    IssueCode(
        "constraint-conflict",
        E,
        "Portfolio constraints no package can meet: a measure both required and excluded (also through prerequisites), two required members of an exclusive group, more required measures than an `at_most` allows, an `at_least` larger than its set, or a prerequisite cycle.",
        "Change one of the constraints the message names.",
    ),
    IssueCode(
        "time-limit-invalid",
        E,
        "`--time-limit` zero, negative, infinite or not a number.",
        "Give a positive number of seconds, or leave it out (no limit).",
    ),
    IssueCode(
        "workers-invalid",
        E,
        "`--workers` below 1 or above 256.",
        "Give a number of processes from 1 to 256 (at most the machine's cores helps).",
    ),
    IssueCode(
        "constraint-invalid",
        E,
        "A portfolio constraint that names an option twice, names a measure among its own prerequisites, or gives both `options` and `category` (one would be ignored).",
        "Name each option once; give options or a category.",
    ),
    IssueCode(
        "portfolio-no-measures",
        E,
        "A study with resources whose only option is the baseline: there is nothing to put in a package.",
        "Add the measures to choose from, or drop scenarios/portfolio.yaml.",
    ),
    IssueCode(
        "portfolio-no-benefit",
        E,
        "Every criterion of the study is a resource's cost: every package is worth nothing.",
        "Add the criteria that say what a package achieves, or drop the resource link.",
    ),
    IssueCode(
        "baseline-cost-ignored",
        W,
        "A scenario gives costs for the baseline option; packages are costed over the baseline, so they are never counted.",
        "Delete them, or give the measures' costs over the baseline.",
    ),
    IssueCode(
        "constraint-incomplete",
        E,
        "A portfolio constraint lacks what its kind needs (e.g. `requires` without `requires:`, `at_most` without `count`).",
        "Add the missing keys (docs/portfolio.md lists them per kind).",
    ),
    IssueCode(
        "category-unknown",
        E,
        "A constraint, or a resource's `funds_category`, names an option category no option has.",
        "Use a category from `scenarios/options.yaml`.",
    ),
    IssueCode(
        "resource-unknown",
        E,
        "A cost or a `--budget` names a resource the portfolio file does not declare.",
        "Use a resource id from `scenarios/portfolio.yaml`.",
    ),
    IssueCode(
        "resource-criterion-invalid",
        E,
        "A resource is linked to a benefit criterion (its cells cannot be amounts spent).",
        "Link it to a cost criterion, or give its costs in the scenarios' `costs` tables.",
    ),
    IssueCode(
        "resource-funds-invalid",
        E,
        "A resource names the measures it funds without a criterion to cost them on, or one measure is paid for by two resources costed on the same criterion.",
        "Link the resource to a cost criterion, and split the measures between funding sources with `funds` or `funds_category`.",
    ),
    IssueCode(
        "cost-missing",
        E,
        "A measure has no cost in a resource in some scenario (neither directly nor from a base scenario).",
        "Add the cost to the scenario's (or its base's) `costs` table.",
    ),
    IssueCode(
        "amount-too-large",
        E,
        "A cost, a limit or the scale of a resource's criterion beyond 1e12: the solver works to about 1e-7 in absolute terms and takes 1e20 as infinite.",
        "State the amounts in larger units (billions instead of units).",
    ),
    IssueCode(
        "cost-negative",
        E,
        "A cost, or its low or high end, below zero.",
        "Costs are zero or more; score savings on a criterion instead.",
    ),
    IssueCode(
        "cost-duplicated",
        E,
        "A `costs` entry for a resource whose costs are a criterion's performance cells.",
        "Keep the cost in the criterion's performance cell only.",
    ),
    IssueCode(
        "baseline-in-package",
        E,
        "The baseline option named in a constraint or an interaction.",
        "Constraints and interactions name measures; every package already contains the baseline.",
    ),
    IssueCode(
        "interaction-invalid",
        E,
        "An interaction that names an option twice, has neither value points nor a criterion and change (or both), names a resource's criterion, or gives value points to more than two options.",
        "Name different options; give `value` for a pair, or `criterion` and `change` for a pair or group.",
    ),
    IssueCode(
        "delivery-invalid",
        E,
        "A delivery likelihood on the baseline option, or in a study that declares no baseline (its change over the baseline is what the likelihood scales).",
        "Declare the baseline in `scenarios/portfolio.yaml`, and give likelihoods to measures only.",
    ),
    IssueCode(
        "package-saturated",
        W,
        "The recommended package's measures, added up, would take a criterion past an end of its scale, so the level is held at that end and part of their effect counts for nothing.",
        "The measures overlap on this criterion: declare a criterion interaction for them (portfolio.yaml), or widen the scale if such levels are plausible.",
    ),
    IssueCode(
        "budget-invalid",
        E,
        "A `--budget` that is not RESOURCE=AMOUNT with a finite amount of zero or more.",
        "Write e.g. `--budget fiscal=300`.",
    ),
    IssueCode(
        "uncertainties-missing",
        E,
        "`explore` on a study without `scenarios/uncertainties.yaml` (or `.toml`), or on a study workbook (drivers live in a study folder).",
        "Declare the base scenario and the drivers in `scenarios/uncertainties.yaml` (docs/explore.md); convert a workbook to a folder first.",
    ),
    IssueCode(
        "driver-unanchored",
        E,
        "A driver names no scenario at either end, or names the base scenario itself at one end.",
        "Give `low:` and/or `high:` with a scenario that differs from the base.",
    ),
    IssueCode(
        "driver-unknown",
        E,
        "A combination names a driver the file does not declare.",
        "Use the id of a declared driver.",
    ),
    IssueCode(
        "combination-invalid",
        E,
        "A combination of driver ends names fewer than two drivers, or an end without a scenario.",
        "Name two drivers or more, each at an end (-1 or +1) the driver anchors to a scenario.",
    ),
    IssueCode(
        "threshold-invalid",
        E,
        "A threshold gives none, or more than one, of `at_least`, `at_most` and `no_worse_than`.",
        "Give exactly one: a level on the criterion's scale, or an option to match or beat.",
    ),
    IssueCode(
        "explore-limit-unbounded",
        E,
        "A resource limited in the base scenario has no limit in a scenario a driver reaches, so its limit cannot be interpolated.",
        "Give the resource a limit in every scenario a driver reaches (`limits:` in portfolio.yaml), or none in the base.",
    ),
    IssueCode(
        "explore-extra-missing",
        E,
        "`explore --scheduler` (or `--workers` asked to use Dask) without Dask distributed installed.",
        "Install the extra: `pip install 'policyscore[dask]'` (scenario discovery needs `policyscore[explore]`).",
    ),
    IssueCode(
        "scheduler-unreachable",
        E,
        "No Dask scheduler answered at the `--scheduler` address.",
        "Start the scheduler (`dask scheduler`) and workers, and give its address as tcp://HOST:8786.",
    ),
    IssueCode(
        "futures-invalid",
        E,
        "`--futures` below 1 or above the largest ensemble (10,000,000).",
        "Give a whole number of futures within that range; chunked runs keep memory bounded at any size.",
    ),
    IssueCode(
        "regret-invalid",
        E,
        "`--regret` negative, or not a finite number.",
        "Give the package regret in value points (0 or more) past which it counts as failing.",
    ),
    IssueCode(
        "explore-report-invalid",
        E,
        "`run --explore FILE`: the file is not a policyscore explore report, or has no findings on its Summary sheet.",
        "Give the report `policyscore explore` wrote (reports/<study>-explore.xlsx), unedited.",
    ),
)

CODES: dict[str, IssueCode] = {entry.code: entry for entry in CATALOGUE}


def markdown() -> str:
    """The catalogue as the Markdown page ``docs/issue-codes.md``."""
    lines = [
        "# Issue codes",
        "",
        "<!-- Generated from engine/issue_codes.py by docs/make_issue_codes.py; do not edit. -->",
        "",
        "Every issue has a stable code, a severity and a location (file and YAML key path and",
        "line, or workbook sheet and cell). Errors stop the run (exit code 3); warnings are",
        "printed and written to the report's Issues sheet.",
        "",
        "| Code | Severity | Cause | How to fix |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| `{e.code}` | {e.severity.value} | {e.cause} | {e.fix} |" for e in CATALOGUE]
    return "\n".join(lines) + "\n"
