"""`POST /api/view`: the map tells the server where it is, without a script run.

A page's map posts its centre and zoom after every move (sites.js), with its page's token
(a secret the page's script made; heritage/ui/live.py hands it to the browser). The next
script run of that page reads the view (heritage/mapviews.py), so links, scenes and the
briefing name the view on screen. A live presenter's move is published to the store right
here: followers see it with no script run on either side.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from heritage import current, links, live, mapviews
from heritage.api.answers import refused
from heritage.api.events import HUB
from heritage.view import ViewState

TOKEN_LENGTH = range(16, 65)


def _publish(code: str, state: ViewState) -> None:
    answer = current.answering()
    if answer is not None:
        live.publish(answer[0], code, state)


async def report_view(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=4)
    token, text = str(form.get("token") or ""), str(form.get("view") or "")
    if len(token) not in TOKEN_LENGTH or not token.replace("-", "").replace("_", "").isalnum():
        return refused("Ignored token: not a page of this dashboard.")
    parsed = links.parse({"view": [text[:100]]})
    if parsed.notes or parsed.state.view is None:
        return refused(parsed.notes[0] if parsed.notes else "Expected view=lat,lon,zoom.")
    presenting = mapviews.remember(token, parsed.state.view)
    if presenting is not None:
        try:
            await run_in_threadpool(_publish, *presenting)
        except Exception:  # the store is not answering: the page's next run publishes again
            return refused("The live session could not be updated just now.", 503)
        HUB.nudge()  # followers on this copy hear of it now; other copies when told (heritage/wakeups.py)
    return Response(status_code=204)


ROUTES = [Route("/api/view", report_view, methods=["POST"])]
