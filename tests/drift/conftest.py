"""The browser fixture for the drift e2e stories (the unit tests live with each connector's tests)."""

from tests.browser.conftest import page  # noqa: F401
