"""Where things are in a weights workbook: shared by its writer and its reader.

One sheet per profile, laid out as the value tree (depth-first, objectives before
their children):

====  =====================================================================
Row   Content
====  =====================================================================
1     title
2     how to edit
3     ``Profile id`` | the profile's id (how the reader knows the profile)
4     ``Profile name`` | its name
6     column headers
7...  one row per tree node: node id, name, parent, level, swing points
      (the only input), weight within parent and global weight (formulas)
====  =====================================================================

Every swing-points cell has the workbook-level defined name ``w_<profile>_<node>``.
"""

from __future__ import annotations

INSTRUCTIONS_SHEET = "Instructions"
ID_LABEL, ID_CELL = "Profile id", "B3"
NAME_LABEL, NAME_CELL = "Profile name", "B4"
HEADER_ROW = 6
FIRST_ROW = HEADER_ROW + 1
COLUMNS = {
    "node": 1,
    "name": 2,
    "parent": 3,
    "level": 4,
    "points": 5,
    "local": 6,
    "global": 7,
    "note": 8,
}
HEADERS = [
    "Node",
    "Name",
    "Parent",
    "Level",
    "Swing points (edit)",
    "Weight within parent",
    "Global weight",
    "Note",
]
TOP_PARENT = "(top)"


def weight_name(profile: str, node: str) -> str:
    """The defined name of a profile's swing-points cell for a node."""
    return f"w_{profile}_{node}"
