"""An uploaded file is checked once, not on every rerun of the Import page.

Every click on the page (a radio button, the Import button) reruns it; checking a 20 MB file
again each time cost minutes of CPU for a hostile one. The result is kept in this session,
keyed by the file's SHA-256, its name and the data it was compared with; a new file or new
data replaces it, so one session holds one plan at most.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from heritage.dataset import Dataset
from heritage.ui import session

T = TypeVar("T")


def once_per_upload(kind: str, raw: bytes, file_name: str, data: Dataset, plan: Callable[[], T]) -> T:
    """`plan()` the first time this content, name and data are seen in this session; the kept result after.

    A plan that raises (an unreadable file) is not kept: those fail fast.
    """
    key = (kind, hashlib.sha256(raw).hexdigest(), file_name, data.key)
    held = session.upload_plan.get()
    if held is not None and held[0] == key:
        return held[1]
    session.upload_plan.pop()  # the previous plan's memory goes before the next is made
    result = plan()
    session.upload_plan.set((key, result))
    return result
