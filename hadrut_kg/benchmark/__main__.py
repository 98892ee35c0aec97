"""`python -m hadrut_kg.benchmark`: see hadrut_kg.benchmark.run."""

import sys

from hadrut_kg.benchmark.run import main

sys.exit(main())
