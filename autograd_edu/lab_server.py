"""JupyterLab for `autograd-edu lab` (run as `python -m autograd_edu.lab_server [JupyterLab options]`).

The same JupyterLab, with one change: Ctrl-C always shuts it down cleanly. In a terminal Jupyter
already asks "Shut down this Jupyter server (y/[n])?" and a second Ctrl-C (or y) stops it, its
kernels shut down and its runtime files removed; that stays as it is. Without a terminal (an
IDE's run console, output piped to a file) Jupyter leaves SIGINT to Python, and the
KeyboardInterrupt ends the server with no clean-up: kernels left running, stale
jpserver-*.json files. There, SIGINT is made to do what SIGTERM does.
"""
import signal

from jupyter_server.serverapp import ServerApp
from jupyterlab.labapp import LabApp

_init_signal = ServerApp.init_signal


def init_signal(server: ServerApp) -> None:
    _init_signal(server)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # no terminal to ask in
        signal.signal(signal.SIGINT, server._signal_stop)


def main() -> None:
    ServerApp.init_signal = init_signal
    LabApp.launch_instance()


if __name__ == "__main__":
    main()
