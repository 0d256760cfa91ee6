"""Robustness across scenarios and profiles: ranks, regret and who changes the winner.

For every option and every scenario x profile pair: its rank, and its regret,
the gap between the best score in that pair and its own (in the method's
native index, oriented so that regret >= 0). Summary per option: worst and mean
rank, share of pairs in which it is in the top k, maximum regret, and its place
in the minimax-regret ranking (smallest maximum regret first).

References
----------
Savage, L. J. (1951). The theory of statistical decision. *Journal of the American
Statistical Association* 46(253), 55-67 (minimax regret).
Lempert, R. J., Popper, S. W. and Bankes, S. C. (2003). *Shaping the Next One Hundred
Years: New Methods for Quantitative, Long-Term Policy Analysis*. RAND (robust decisions
under deep uncertainty).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine import methods
from engine.ranking import rank
from engine.scoring import Pair, PairResult, evaluate_pairs
from engine.study import Study


@dataclass(frozen=True)
class RobustnessResult:
    """Cross-scenario and cross-profile views.

    Attributes
    ----------
    ranks : DataFrame, options x (scenario, profile) pairs
    regret : DataFrame, same shape, regret of each option in each pair
    summary : DataFrame, one row per option (worst/mean rank, share in top k,
        max regret, minimax-regret rank), best first
    winners : DataFrame, one row per pair: winner, its score, runner-up, margin
    profile_effect : DataFrame, one row per scenario: winner under each profile,
        whether the profiles disagree, the profiles whose winner differs from the most
        common one, and the option best across all profiles (smallest maximum regret)
    """

    ranks: pd.DataFrame
    regret: pd.DataFrame
    summary: pd.DataFrame
    winners: pd.DataFrame
    profile_effect: pd.DataFrame
    top: int


def robustness(
    study: Study,
    scenarios: Sequence[str] | None = None,
    profiles: Sequence[str] | None = None,
    method: str = "additive",
    top: int = 3,
) -> RobustnessResult:
    """Ranks and regret of every option over every chosen scenario x profile pair."""
    scenarios, profiles = list(scenarios or study.scenarios), list(profiles or study.profiles)
    return robustness_of(study, evaluate_pairs(study, scenarios, profiles, method), method, top)


def robustness_of(
    study: Study, results: Mapping[Pair, PairResult], method: str = "additive", top: int = 3
) -> RobustnessResult:
    """:func:`robustness` of pair results already computed (scenario-major order)."""
    spec = methods.get(method)
    keys = list(results)
    scenarios = list(dict.fromkeys(s for s, _ in keys))
    profiles = list(dict.fromkeys(p for _, p in keys))
    pairs = pd.MultiIndex.from_tuples(keys, names=["scenario", "profile"])
    scores = np.column_stack([results[key].table["score"].to_numpy() for key in keys])
    oriented = spec.oriented(scores)
    ranks = spec.rank(scores.T).T
    regret = oriented.max(axis=0) - oriented
    options = pd.Index(study.options, name="option")
    rank_table = pd.DataFrame(ranks, index=options, columns=pairs)
    regret_table = pd.DataFrame(regret, index=options, columns=pairs)
    return RobustnessResult(
        rank_table,
        regret_table,
        _summary(rank_table, regret_table, top, spec),
        _winners(study, pairs, oriented, scores),
        _profile_effect(rank_table, regret_table, scenarios, profiles, spec),
        top,
    )


def _summary(ranks: pd.DataFrame, regret: pd.DataFrame, top: int, spec) -> pd.DataFrame:
    max_regret = regret.max(axis=1)
    summary = pd.DataFrame(
        {
            "worst_rank": ranks.max(axis=1),
            "mean_rank": ranks.mean(axis=1),
            f"share_top_{top}": (ranks <= top).mean(axis=1),
            "max_regret": max_regret,
            "minimax_regret_rank": rank(
                -max_regret.to_numpy(), tolerance=spec.tie_tolerance, relative=spec.relative_ties
            ),
        }
    )
    return summary.sort_values(["minimax_regret_rank", "mean_rank"], kind="stable")


def _winners(
    study: Study, pairs: pd.MultiIndex, oriented: np.ndarray, scores: np.ndarray
) -> pd.DataFrame:
    rows = []
    for k, (scenario, profile) in enumerate(pairs):
        order = np.argsort(-oriented[:, k], kind="stable")
        first, second = order[0], order[1] if len(order) > 1 else order[0]
        rows.append(
            [
                scenario,
                profile,
                study.options[first],
                scores[first, k],
                study.options[second],
                float(oriented[first, k] - oriented[second, k]),
            ]
        )
    return pd.DataFrame(
        rows, columns=["scenario", "profile", "winner", "score", "runner_up", "margin"]
    )


def _profile_effect(
    ranks: pd.DataFrame, regret: pd.DataFrame, scenarios, profiles, spec
) -> pd.DataFrame:
    """Per scenario: each profile's winner, the profiles whose winner differs from the
    most common one, and the option with the smallest maximum regret over the profiles."""
    rows = []
    for scenario in scenarios:
        winners = {p: ", ".join(ranks.index[ranks[(scenario, p)] == 1]) for p in profiles}
        counts = pd.Series(list(winners.values())).value_counts(sort=False)
        consensus = counts.index[int(np.argmax(counts.to_numpy()))]
        worst = regret[[(scenario, p) for p in profiles]].max(axis=1)
        best = worst.index[
            rank(worst.to_numpy(), False, spec.tie_tolerance, spec.relative_ties) == 1
        ]
        rows.append(
            {
                "scenario": scenario,
                **winners,
                "profiles_disagree": len(counts) > 1,
                "dissenting_profiles": [p for p in profiles if winners[p] != consensus],
                "best_across_profiles": ", ".join(best),
            }
        )
    return pd.DataFrame(rows)
