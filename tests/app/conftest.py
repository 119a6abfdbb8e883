"""AppTest runs share this process's caches: each test starts with no failed sign-ins."""

from __future__ import annotations

import pytest

from heritage.ui.auth import _failed_sign_ins


@pytest.fixture(autouse=True)
def no_failed_sign_ins():
    _failed_sign_ins.clear()
    yield
    _failed_sign_ins.clear()
