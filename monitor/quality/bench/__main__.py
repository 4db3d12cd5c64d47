"""A phase's process: ``python -m monitor.quality.bench '<json spec>'`` (started by the runner)."""

import sys

from monitor.quality.bench.runner import phase_main

sys.exit(phase_main(sys.argv[1:]))
