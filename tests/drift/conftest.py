"""The badge connector's fixtures (connections, mocked HTTP, templates, settings) for drift tests."""

from tests.badges.conftest import connections, http, settings_row, templates  # noqa: F401
from tests.browser.conftest import page  # noqa: F401
