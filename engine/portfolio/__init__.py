"""Portfolio decisions: the best package of measures under limits and constraints.

Array level (any problem)::

    from engine.portfolio import solve
    chosen = solve(benefit, costs, limits, exclusive=[[0, 1]], requires=[(2, 3)])

Study level::

    from engine.portfolio import optimise
    result = optimise(study, "s0_status_quo", "security_first", budgets={"fiscal": 150})

Modules: :mod:`~engine.portfolio.problem` (arrays), :mod:`~engine.portfolio.solver`
(one exact program, HiGHS), :mod:`~engine.portfolio.frontier` (efficient frontier,
order of buy), :mod:`~engine.portfolio.robust` (maximin and minimax regret),
:mod:`~engine.portfolio.inclusion` (inclusion frequency over samples),
:mod:`~engine.portfolio.study_problems` (a study's pairs as problems).
"""

from engine.portfolio.solver import Package, best_package, solve
from engine.portfolio.study_problems import PortfolioResult, optimise

__all__ = ["Package", "PortfolioResult", "best_package", "optimise", "solve"]
