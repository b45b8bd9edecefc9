"""A small process supervisor for `make serve` and `make scale-demo` (not for production: systemd does it there).

Each child runs in a session of its own, so a Ctrl-C in the terminal reaches only the supervisor, which then
stops the children in order by pid: SIGTERM (gunicorn and the worker finish what they are doing), SIGKILL after a
grace period. A child that exits on its own is started again after a pause, as systemd's Restart=always does,
unless it keeps failing.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

RESTART_DELAY = 3.0
MAX_RESTARTS = 5  # within RESTART_WINDOW seconds; then the supervisor gives up and stops everything
RESTART_WINDOW = 60.0


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: str
    restart: bool = True
    process: subprocess.Popen | None = None
    restarts: list[float] = field(default_factory=list)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Supervisor:
    """Starts children, prefixes their output with their name, restarts them, stops them all by pid."""

    def __init__(self, *, log=None):
        self.children: list[Child] = []
        self.stopping = False
        self.failed = False
        self.out = log or sys.stdout
        self._lock = threading.Lock()

    def say(self, name: str, line: str) -> None:
        with self._lock:
            self.out.write(f"{name:>10} | {line.rstrip()}\n")
            self.out.flush()

    def add(self, name: str, argv: list[str], env: dict[str, str], cwd: str, *, restart: bool = True) -> Child:
        child = Child(name=name, argv=argv, env=env, cwd=cwd, restart=restart)
        self.children.append(child)
        return child

    def start(self, child: Child) -> None:
        child.process = subprocess.Popen(  # noqa: S603 - the commands of this stack, from its own scripts
            child.argv,
            cwd=child.cwd,
            env=child.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            start_new_session=True,
        )
        self.say(child.name, f"started, pid {child.pid}: {' '.join(child.argv)}")
        threading.Thread(target=self._pump, args=(child, child.process), daemon=True).start()

    def _pump(self, child: Child, process: subprocess.Popen) -> None:
        for line in process.stdout:  # type: ignore[union-attr]  # started before use
            self.say(child.name, line)

    def start_all(self) -> None:
        for child in self.children:
            self.start(child)

    def watch(self, until: threading.Event | None = None, poll: float = 0.5) -> None:
        """Restarts children that exit, until `until` is set, the supervisor is stopped or gives up."""
        while not self.stopping and not (until and until.is_set()):
            for child in self.children:
                if child.process is None or child.running() or self.stopping:
                    continue
                code = child.process.returncode
                if not child.restart:
                    continue
                now = time.monotonic()
                child.restarts = [t for t in child.restarts if now - t < RESTART_WINDOW] + [now]
                if len(child.restarts) > MAX_RESTARTS:
                    self.say(child.name, f"exited with {code} {MAX_RESTARTS} times within a minute: giving up")
                    self.failed = True
                    return
                self.say(child.name, f"exited with {code}; starting it again in {RESTART_DELAY:.0f} s")
                time.sleep(RESTART_DELAY)
                if not self.stopping:
                    self.start(child)
            time.sleep(poll)

    def stop(self, child: Child, grace: float = 30.0) -> None:
        if not child.running():
            return
        self.say(child.name, f"stopping pid {child.pid}")
        child.process.send_signal(signal.SIGTERM)  # type: ignore[union-attr]  # started before use
        try:
            child.process.wait(grace)  # type: ignore[union-attr]  # started before use
        except subprocess.TimeoutExpired:
            self.say(child.name, f"still running after {grace:.0f} s: killing pid {child.pid}")
            child.process.kill()  # type: ignore[union-attr]  # started before use
            child.process.wait()  # type: ignore[union-attr]  # started before use

    def stop_all(self, grace: float = 30.0) -> None:
        """Stops every child by its pid, the last started first."""
        self.stopping = True
        for child in reversed(self.children):
            self.stop(child, grace)


def install_signal_handlers(supervisor: Supervisor, stop: threading.Event) -> None:
    def handler(signum, frame):
        if stop.is_set():
            supervisor.say("serve", "second signal: killing everything now")
            for child in supervisor.children:
                if child.running():
                    os.kill(child.pid, signal.SIGKILL)
            raise SystemExit(1)
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
