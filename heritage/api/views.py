"""`POST /api/view`: the map tells the server where it is; `POST /api/drawn`: that it has drawn. No script run.

A page's map posts its centre and zoom after every move (sites.js), with its page's token
(a secret the page's script made; heritage/ui/live.py hands it to the browser). The next
script run of that page reads the view (heritage/mapviews.py), so links, scenes and the
briefing name the view on screen. A live presenter's move is published to the store right
here: followers see it with no script run on either side.

A page's map also says, once, that it has drawn its first markers (`/api/drawn`, the token
alone): the page's first run draws its filters and title bar after that, so that the browser
draws the map before them (heritage/ui/firstpaint.py).
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


def _is_token(token: str) -> bool:
    """A page token's shape (heritage/ui/viewstate.py `page_token`); anything else is no page of ours."""
    return len(token) in TOKEN_LENGTH and token.replace("-", "").replace("_", "").isalnum()


NOT_A_PAGE = "Ignored token: not a page of this dashboard."


async def report_view(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=4)
    token, text = str(form.get("token") or ""), str(form.get("view") or "")
    if not _is_token(token):
        return refused(NOT_A_PAGE)
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


async def report_drawn(request: Request) -> Response:
    """The page's map has drawn its first markers (sites.js `announceDrawn`); 204 whether or not a run waits."""
    form = await request.form(max_files=0, max_fields=2)
    token = str(form.get("token") or "")
    if not _is_token(token):
        return refused(NOT_A_PAGE)
    mapviews.drawn(token)
    return Response(status_code=204)


ROUTES = [Route("/api/view", report_view, methods=["POST"]), Route("/api/drawn", report_drawn, methods=["POST"])]
