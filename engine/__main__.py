"""``python -m engine`` runs the policyscore command line."""

import sys

from engine.cli import main

sys.exit(main())
