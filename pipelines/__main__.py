"""Entry point: python -m pipelines. Ctrl-C while the modules still load stops as cleanly as later: a word, exit 130,
no traceback. Until they are loaded nothing has changed, so Ctrl-C then ends the process at once: raised as
KeyboardInterrupt it could land in an import lock's callback, where Python only prints it and goes on (seen 1 run in
about 100), or break an import inside a library that marks the interpreter to kill itself with SIGINT on a normal
exit (exit -2, seen 2 runs in 40). An interrupted run later leaves at once too (os._exit), for the second reason."""

import os
import signal
import sys

from pipelines import STOPPED

INTERRUPTED = 130


def _stop_at_once(signum, frame) -> None:
    print(STOPPED, file=sys.stderr, flush=True)
    os._exit(INTERRUPTED)


signal.signal(signal.SIGINT, _stop_at_once)
try:
    from pipelines.cli import main

    signal.signal(signal.SIGINT, signal.default_int_handler)  # from here on, the command's own handling (cli.main)
    code = main()
except KeyboardInterrupt:
    print(STOPPED, file=sys.stderr)
    code = INTERRUPTED
if code == INTERRUPTED:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
