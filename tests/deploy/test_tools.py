"""A deployment test never passes by being skipped in CI: a missing tool fails the run."""

import pytest

from tests.deploy.conftest import require_tool


def test_a_missing_tool_fails_the_run_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-such-tool-here is missing: install it"):
        require_tool("no-such-tool-here", "install it")


def test_elsewhere_a_missing_tool_is_skipped_with_how_to_install_it(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-tool-here is missing: install it"):
        require_tool("no-such-tool-here", "install it")
