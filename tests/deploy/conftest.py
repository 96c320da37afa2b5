"""The deployment files are checked with the real tools that will read them (nginx, gunicorn,
systemd). A missing tool fails the run in continuous integration (CI=true), where
``make browser-deps`` installs it; elsewhere the test is skipped and says how to install it."""

import os
import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def require_tool(name: str, install: str) -> str:
    """The tool's path; a failure under CI, a skip with the reason elsewhere."""
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if path:
        return path
    reason = f"{name} is missing: {install}"
    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
