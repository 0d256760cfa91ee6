"""Value functions: linear defaults, piecewise points, monotonicity."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from engine.model import Criterion
from engine.valuefn import to_value


def criterion(direction="benefit", lo=0.0, hi=400.0, points=None):
    data = {
        "id": "c",
        "name": "C",
        "direction": direction,
        "scale": {"kind": "natural", "unit": "Rs billion", "min": lo, "max": hi},
    }
    if points:
        data["value_function"] = {"points": points}
    return Criterion.model_validate(data)


def test_linear_benefit_maps_scale_ends_to_0_and_100():
    c = criterion("benefit", 0, 400)
    assert to_value([0, 100, 400], c).tolist() == [0.0, 25.0, 100.0]


def test_linear_cost_reverses_the_scale():
    c = criterion("cost", 0, 400)
    assert to_value([0, 100, 400], c).tolist() == [100.0, 75.0, 0.0]


def test_piecewise_points_interpolate_between_breakpoints():
    c = criterion("cost", 0, 400, [[0, 100], [100, 60], [400, 0]])
    np.testing.assert_allclose(to_value([50, 100, 250], c), [80.0, 60.0, 30.0])


def test_constructed_scale_defaults_to_linear_0_to_10():
    c = Criterion.model_validate(
        {
            "id": "c",
            "name": "C",
            "direction": "benefit",
            "scale": {"kind": "constructed", "anchors": {0: "a", 5: "b", 10: "c"}},
        }
    )
    assert to_value([0, 5, 10], c).tolist() == [0.0, 50.0, 100.0]


@given(st.lists(st.floats(0, 400), min_size=2, max_size=20))
def test_benefit_values_never_fall_as_performance_rises(xs):
    c = criterion("benefit", 0, 400, [[0, 0], [100, 70], [400, 100]])
    xs = np.sort(np.array(xs))
    values = to_value(xs, c)
    assert np.all(np.diff(values) >= -1e-12)
    assert np.all((values >= 0) & (values <= 100))


@given(st.lists(st.floats(0, 400), min_size=2, max_size=20))
def test_cost_values_never_rise_as_performance_rises(xs):
    c = criterion("cost", 0, 400)
    values = to_value(np.sort(np.array(xs)), c)
    assert np.all(np.diff(values) <= 1e-12)
