"""deploy/systemd/ and deploy/cron/, rendered for this checkout: systemd's own
``systemd-analyze verify`` accepts every unit (it refuses unknown keys, a missing ExecStart,
a program that does not exist), and every job runs a management command the portal has."""

import configparser
import shlex
import subprocess

import pytest
from django.core.management import get_commands

from deploy.render import render
from tests.deploy.conftest import DEPLOY, ROOT, require_tool

UNITS = sorted((DEPLOY / "systemd").iterdir())
SERVICES = [unit for unit in UNITS if unit.suffix == ".service"]
TIMERS = [unit for unit in UNITS if unit.suffix == ".timer"]


def this_checkout(tmp_path) -> dict[str, str]:
    env_file = tmp_path / "env"
    env_file.write_text("SECRET_KEY=x\n")
    return {
        "KOINOTITA_ROOT": str(ROOT),
        "KOINOTITA_USER": "koinotita",
        "KOINOTITA_ENV_FILE": str(env_file),
    }


@pytest.fixture
def rendered_units(tmp_path):
    environ = this_checkout(tmp_path)
    paths = []
    for unit in UNITS:
        path = tmp_path / unit.name
        path.write_text(render(unit.read_text(), environ))
        paths.append(path)
    return paths


def test_systemd_accepts_every_unit(rendered_units, tmp_path):
    systemd_analyze = require_tool(
        "systemd-analyze", "apt-get install systemd (it provides systemd-analyze)."
    )
    result = subprocess.run(
        [systemd_analyze, "verify", "--man=no", *rendered_units],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # not even a warning


def unit_file(path, environ) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read_string(render(path.read_text(), environ))
    return parser


@pytest.mark.parametrize("service", SERVICES, ids=lambda path: path.name)
def test_every_service_runs_what_this_checkout_has(service, tmp_path):
    """What systemd cannot know: the command exists in the portal, the gunicorn
    configuration exists, and production settings are the ones used."""
    unit = unit_file(service, this_checkout(tmp_path))
    assert unit["Service"]["Environment"] == "DJANGO_SETTINGS_MODULE=portal.settings.production"
    assert unit["Service"]["WorkingDirectory"] == str(ROOT)
    command = shlex.split(unit["Service"]["ExecStart"])
    if "manage.py" in command:
        name = command[command.index("manage.py") + 1]
        assert name in get_commands(), f"{service.name}: no management command {name}"
    else:
        assert command[0].endswith("/gunicorn")
        config = command[command.index("--config") + 1]
        assert (ROOT / "deploy" / "gunicorn.conf.py").samefile(config)
        assert command[-1] == "portal.wsgi"


@pytest.mark.parametrize("timer", TIMERS, ids=lambda path: path.name)
def test_every_timer_starts_a_one_shot_service(timer, tmp_path):
    service = timer.with_suffix(".service")
    assert service.exists(), f"{timer.name} has no {service.name}"
    assert unit_file(service, this_checkout(tmp_path))["Service"]["Type"] == "oneshot"


def test_the_scheduler_and_the_publish_timer_run_the_same_publishing(tmp_path):
    environ = this_checkout(tmp_path)
    loop = unit_file(DEPLOY / "systemd/koinotita-scheduler.service", environ)
    once = unit_file(DEPLOY / "systemd/koinotita-publish.service", environ)
    assert "manage.py run_scheduler" in loop["Service"]["ExecStart"]
    assert "manage.py publish_scheduled" in once["Service"]["ExecStart"]


def test_every_cron_job_runs_a_command_the_portal_has(tmp_path):
    text = render((DEPLOY / "cron" / "koinotita").read_text(), this_checkout(tmp_path))
    jobs = [
        line for line in text.splitlines() if line.strip() and not line.startswith(("#", "SHELL"))
    ]
    assert len(jobs) == 2
    for job in jobs:
        schedule, command = job.split()[:5], job.split()[5:]
        assert all(field == "*" or field.isdigit() for field in schedule), job
        name = command[command.index("manage.py") + 1]
        assert name in get_commands(), f"no management command {name}"
        assert "DJANGO_SETTINGS_MODULE=portal.settings.production" in command
