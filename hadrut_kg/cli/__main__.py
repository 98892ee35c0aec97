"""`python -m hadrut_kg.cli`: the same as the `hadrut-kg` command."""

import sys

from hadrut_kg.cli.main import main

sys.exit(main())
