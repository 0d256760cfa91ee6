"""Generated futures: every cell is the base plus each driver's lean toward the scenario at
its end, superposed, clipped to the scale; declared combinations hold at their corner."""

import numpy as np
import pytest
from conftest import REPO, write_study
from explore_study import explore_files

from engine.explore.analysis import Candidates
from engine.explore.futures import future_model, superposed
from engine.explore.package_model import package_arrays
from engine.io.load import load_study
from engine.io.text.uncertainties_file import read_uncertainties
from engine.portfolio.study_problems import measure_ids


@pytest.fixture
def explored(tmp_path):
    root = write_study(tmp_path / "study", explore_files())
    study = load_study(root)
    found, _ = read_uncertainties(root, study)
    return study, found, future_model(study, found)


def test_cells_are_the_base_plus_each_drivers_lean_computed_by_hand(explored):
    """Base A (8, 60, 2), B (4, 10, 6), C (1, 90, 1); Kabul acts: A.x 10, B.x 8, B.z 10;
    civil war: A.x 2, C.y 100; squeeze: A.x 6, B.x 9."""
    study, _, model = explored
    a, b, c = (study.options.index(o) for o in ("opt_a", "opt_b", "opt_c"))
    x, y, z = (study.criteria.index(k) for k in ("crit_x", "crit_y", "crit_z"))
    tables = model.cells(np.array([[0.5, -0.5], [-0.5, -0.5], [1.0, -1.0], [0.0, 0.0]]))
    # Kabul half-way to acting, half the squeeze
    assert tables[0, a, x] == pytest.approx(8 + 0.5 * (10 - 8) + 0.5 * (6 - 8))  # 8
    assert tables[0, b, x] == pytest.approx(4 + 0.5 * (8 - 4) + 0.5 * (9 - 4))  # 8.5
    assert tables[0, b, z] == pytest.approx(6 + 0.5 * (10 - 6))  # 8
    assert tables[0, c, y] == pytest.approx(90)
    # half-way to civil war and half the squeeze: A.x 8 - 3 - 1, plus a quarter of the
    # combination's correction (3 declared at the corner, 0 superposed there)
    assert tables[1, a, x] == pytest.approx(4 + 0.25 * 3)
    assert tables[1, c, y] == pytest.approx(95)
    # Kabul acts in a full squeeze: B.x 4 + 4 + 5 = 13, held at the scale's end 10
    assert tables[2, b, x] == 10
    # the origin is the base scenario
    np.testing.assert_array_equal(tables[3], study.judged("base"))


def test_a_declared_combination_holds_at_its_corner_and_nowhere_else(explored):
    study, _, model = explored
    a, x = study.options.index("opt_a"), study.criteria.index("crit_x")
    corner, other_side, base_side = model.cells(np.array([[-1.0, -1.0], [0.5, -1.0], [-1.0, 0.0]]))
    assert corner[a, x] == 3  # as declared, not the superposed 8 - 6 - 2 = 0
    assert other_side[a, x] == pytest.approx(8 + 0.5 * 2 - 2)  # Kabul leans the other way
    assert base_side[a, x] == pytest.approx(2)  # civil war alone: its scenario


def test_every_drivers_end_is_its_scenario_cell_for_cell_in_the_shipped_study():
    study = load_study(REPO)
    found, _ = read_uncertainties(REPO, study)
    model = future_model(study, found)
    for k, driver in enumerate(found.drivers):
        for end, position in ((driver.low, -1.0), (driver.high, 1.0)):
            if end is None:
                continue
            point = np.zeros((1, len(found.drivers)))
            point[0, k] = position
            np.testing.assert_allclose(
                model.cells(point)[0], study.judged(end.scenario), rtol=0, atol=1e-12
            )


def test_limits_and_costs_move_with_the_drivers_in_the_shipped_study():
    """The fiscal limit is 250 in the status quo and 150 in the aid squeeze: half-way
    along the fiscal-room driver it is 200; the reform capacity (6, 8 with provincial
    ownership) is 7 half-way to ownership."""
    study = load_study(REPO)
    found, _ = read_uncertainties(REPO, study)
    model = future_model(study, found)
    nothing = np.zeros((1, len(measure_ids(study))))
    packages = package_arrays(study, found, model, Candidates(("none",), nothing))
    ids = [d.id for d in found.drivers]
    point = np.zeros((1, len(ids)))
    point[0, ids.index("fiscal_room")] = -0.5
    point[0, ids.index("provincial_ownership")] = 0.5
    limits = superposed(*packages.limits, point)[0]
    resources = [r.id for r in study.portfolio.resources]
    assert limits[resources.index("fiscal")] == pytest.approx(200)
    assert limits[resources.index("reform_capacity")] == pytest.approx(7)
    assert limits[resources.index("pledge")] == pytest.approx(324.5)
