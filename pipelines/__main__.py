"""Entry point: python -m pipelines. Ctrl-C while the modules still load stops as cleanly as later: a word, exit 130,
no traceback. An interrupted run leaves at once (os._exit): an import that Ctrl-C broke inside a library can have
marked the interpreter to kill itself with SIGINT on a normal exit (exit -2, seen 2 runs in 40)."""

import os
import sys

from pipelines import STOPPED

INTERRUPTED = 130
try:
    from pipelines.cli import main

    code = main()
except KeyboardInterrupt:
    print(STOPPED, file=sys.stderr)
    code = INTERRUPTED
if code == INTERRUPTED:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
