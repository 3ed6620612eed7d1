#!/usr/bin/env python3
"""timed.py LOG CMD...: runs CMD (output to LOG), prints "<wall seconds> <CPU seconds of CMD and its children>"."""
import resource
import subprocess
import sys
import time

with open(sys.argv[1], "wb") as log:
    start = time.monotonic()
    code = subprocess.run(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT).returncode
    wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
if code != 0:
    sys.exit(f"{sys.argv[2]} exited with {code}; see {sys.argv[1]}")
print(f"{wall:.3f} {usage.ru_utime + usage.ru_stime:.3f}")
