"""Where things are on a Weights sheet: shared by its writers and its reader.

One sheet, the value tree down the rows and one group of three columns per profile:

====  =====================================================================
Row   Content
====  =====================================================================
1     title
2     how to edit
3     ``Profile id`` in A3; each profile's id above its swing-points column
4     ``Profile name`` in A4; each profile's name above its swing-points column
6     column headers
7...  one row per tree node (depth-first): node id, name, parent, level, then
      per profile: swing points (the input), weight within parent and global
      weight (formulas)
====  =====================================================================

Every swing-points cell has the workbook-level defined name ``w.<profile>.<node>``
and every global-weight cell ``g.<profile>.<node>``. The reader finds profiles by
the ids in row 3, so columns may be moved and the sheet renamed.
"""

from __future__ import annotations

from engine.weights_data import global_name, weight_name

__all__ = ["global_name", "weight_name"]

WEIGHTS_SHEET = "Weights"
INSTRUCTIONS_SHEET = "Instructions"
ID_LABEL, ID_ROW = "Profile id", 3
NAME_LABEL, NAME_ROW = "Profile name", 4
AHP_SHEET = "AHP"
"""The sheet of AHP comparison matrices of a weights workbook."""
PLANNER_LABEL, PLANNER_ROW = "Planner (your name or id)", 5
"""Who filled in the workbook (``policyscore combine`` names their profiles after it)."""
HEADER_ROW = 6
FIRST_ROW = HEADER_ROW + 1
TREE_COLUMNS = {"node": 1, "name": 2, "parent": 3, "level": 4}
TREE_HEADERS = ["Node", "Name", "Parent", "Level"]
PROFILE_START = 5  # column of the first profile's swing points
PROFILE_HEADERS = ["Swing points", "Weight within parent", "Global weight"]
TOP_PARENT = "(top)"


def points_column(k: int) -> int:
    """Column of the k-th profile's swing points (local and global follow it)."""
    return PROFILE_START + len(PROFILE_HEADERS) * k


def profile_blocks(profiles: int) -> list[tuple[int, int]]:
    """Each profile's columns (first, last): kept together on one printed page."""
    return [
        (points_column(k), points_column(k) + len(PROFILE_HEADERS) - 1) for k in range(profiles)
    ]
