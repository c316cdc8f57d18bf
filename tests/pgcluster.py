"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, started on
a unix socket only (no TCP port to collide on), stopped and erased at the end.

PostgreSQL refuses to run as root: under root (CI), the cluster belongs to ``nobody``
and the tests connect to it through the socket as the role ``anef`` (trust
authentication, local socket only, the folder readable by nobody else). Durability is
switched off (fsync, synchronous_commit): a test cluster that dies is thrown away.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV_PG_BIN = "ANEF_TUI_PG_BIN"
ROLE = "anef"


class NoPostgres(Exception):
    """No PostgreSQL binaries here: the reason says what to install."""


def find_bin() -> Path:
    """The folder holding initdb and pg_ctl: $ANEF_TUI_PG_BIN, PATH, then Debian's layout."""
    explicit = os.environ.get(ENV_PG_BIN)
    if explicit:
        return Path(explicit)
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    raise NoPostgres(
        "PostgreSQL introuvable (initdb) : installez le paquet postgresql "
        f"(apt-get install postgresql) ou indiquez son dossier bin dans {ENV_PG_BIN}"
    )


# Stops the cluster when the test process ends, however it ends (even killed): it waits
# for the end of its stdin, which only the test process holds open.
WATCHDOG = """
import shutil, subprocess, sys
sys.stdin.read()
owner = {} if sys.argv[3] == "-" else {"user": int(sys.argv[3]), "group": int(sys.argv[4]),
                                       "extra_groups": []}
subprocess.run([sys.argv[1], "-D", sys.argv[2] + "/data", "-m", "immediate", "-w", "stop"],
               capture_output=True, cwd="/", check=False, **owner)
shutil.rmtree(sys.argv[2], ignore_errors=True)
"""


@dataclass
class Cluster:
    root: Path
    bin_dir: Path
    watchdog: subprocess.Popen[bytes] | None = None

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{ROLE}@/{database}?host={self.socket_dir}"

    def libpq_dsn(self, database: str = "postgres") -> str:
        return f"host={self.socket_dir} user={ROLE} dbname={database}"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError, RuntimeError):
            _run([str(self.bin_dir / "pg_ctl"), "-D", str(self.root / "data"), "-m",
                  "immediate", "-w", "stop"], timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)
        if self.watchdog is not None and self.watchdog.stdin is not None:
            self.watchdog.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.watchdog.wait(timeout=30)


def _as_owner() -> dict[str, object]:
    if os.geteuid() != 0:
        return {}
    nobody = pwd.getpwnam("nobody")
    return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}


def _run(cmd: list[str], timeout: float = 120) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                          cwd="/", check=False, **_as_owner())  # type: ignore[call-overload]
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} a échoué :\n{done.stdout}\n{done.stderr}")


def start(*, durable: bool = False) -> Cluster:
    """initdb + pg_ctl start; raises NoPostgres when there is nothing to start.

    `durable`: keep PostgreSQL's fsync and synchronous commit (benchmarks compare it
    with SQLite's synchronous=FULL); the tests leave them off."""
    bin_dir = find_bin()
    # Under /tmp, not pytest's tmp_path: nobody must be able to reach the folder.
    root = Path(tempfile.mkdtemp(prefix="anef-pg-", dir="/tmp"))
    cluster = Cluster(root, bin_dir)
    try:
        cluster.socket_dir.mkdir()
        if os.geteuid() == 0:
            owner = pwd.getpwnam("nobody")
            for path in (root, cluster.socket_dir):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        _run([str(bin_dir / "initdb"), "-D", str(root / "data"), "-U", ROLE,
              "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"])
        # A server time zone 14 hours away from the desks' (UTC+14): a date or an hour
        # read back without conversion to the desk's local time shows in the tests.
        options = (f"-k {cluster.socket_dir} -c listen_addresses='' -c max_connections=60 "
                   "-c timezone=Pacific/Kiritimati")
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        owner = (["-"] if os.geteuid() != 0 else
                 [str(pwd.getpwnam("nobody").pw_uid), str(pwd.getpwnam("nobody").pw_gid)])
        cluster.watchdog = subprocess.Popen(
            [sys.executable, "-c", WATCHDOG, str(bin_dir / "pg_ctl"), str(root), *owner],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        _run([str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-o", options,
              "-l", str(root / "server.log"), "-w", "-t", "60", "start"])
    except BaseException:
        cluster.stop()
        raise
    return cluster
