"""deploy/render.py: what an operator gets when rendering a deployment file."""

import subprocess
import sys

import pytest

from deploy.render import RenderError, render
from tests.deploy.conftest import DEPLOY, ROOT


def test_a_list_becomes_one_line_per_item_and_nginx_variables_stay():
    text = "    server ${KOINOTITA_UPSTREAMS} max_fails=3;\n    return 301 https://$host$request_uri;\n"
    rendered = render(text, {"KOINOTITA_UPSTREAMS": "10.0.0.11:8000, 10.0.0.12:8000"})
    assert rendered == (
        "    server 10.0.0.11:8000 max_fails=3;\n"
        "    server 10.0.0.12:8000 max_fails=3;\n"
        "    return 301 https://$host$request_uri;\n"
    )


def test_defaults_fill_what_is_not_set_and_follow_the_root():
    text = "alias ${KOINOTITA_STATIC_ROOT}/;\n"
    assert render(text, {}) == "alias /srv/koinotita/staticfiles/;\n"
    assert render(text, {"KOINOTITA_ROOT": "/opt/portal"}) == "alias /opt/portal/staticfiles/;\n"


def test_every_missing_value_is_named_and_nothing_is_written(tmp_path):
    result = subprocess.run(
        [sys.executable, DEPLOY / "render.py", DEPLOY / "nginx" / "koinotita.conf"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    for name in (
        "KOINOTITA_SERVER_NAME",
        "KOINOTITA_UPSTREAMS",
        "KOINOTITA_TLS_CERTIFICATE",
        "KOINOTITA_TLS_CERTIFICATE_KEY",
    ):
        assert f"{name} is not set" in result.stderr


def test_two_lists_on_one_line_are_refused():
    with pytest.raises(RenderError, match="two lists"):
        render("${KOINOTITA_HTTP_LISTEN} ${KOINOTITA_HTTPS_LISTEN}\n", {})
