"""Two sessions under AppTest: a presenter goes live, a follower sees the presenter's view."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from heritage.auth import hash_password
from heritage.store import Store, database_url
from heritage.ui import live as live_ui
from heritage.ui.viewstate import KEY
from tests.app.pages import DASHBOARD, TIMEOUT
from tests.app.test_dashboard import shown
from tests.app.test_editing import PASSWORD, sign_in


@pytest.fixture
def data(monkeypatch, synthetic_file):
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    return synthetic_file


def presenter_live(data) -> tuple[AppTest, str]:
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    app.secrets["editors"] = {"aysel": hash_password(PASSWORD)}
    sign_in(app)
    app.switch_page("pages/map.py").run()
    app.button(key="enter_present").click().run()  # Present
    app.button(key="live_start").click().run()
    assert not app.exception, app.exception
    code = app.session_state[KEY].live_code
    assert any(f"?follow={code}" in text.value for text in app.text)
    return app, code


def follower(code: str) -> AppTest:
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    app.query_params["follow"] = code
    app.run()
    assert not app.exception, app.exception
    return app


def look_again(app: AppTest) -> AppTest:
    """What the follower's timer does, without waiting for the shared cache to expire."""
    live_ui._session.clear()
    return app.run()


def test_a_follower_sees_the_presenters_filters_and_changes(data):
    presenter, code = presenter_live(data)
    presenter.multiselect(key="f_status").set_value(["damaged"]).run()
    viewer = follower(code)
    assert viewer.multiselect(key="f_status").value == ["damaged"]
    assert shown(viewer) == 43  # synthetic_features(300): damaged
    assert viewer.session_state[KEY].state.present  # the presenter's layout too
    presenter.multiselect(key="f_status").set_value(["restored", "intact"]).run()
    look_again(viewer)
    assert viewer.multiselect(key="f_status").value == ["restored", "intact"]
    assert shown(viewer) == 86  # restored or intact


def test_stop_following_then_rejoin(data):
    presenter, code = presenter_live(data)
    viewer = follower(code)
    viewer.button(key="live_stop").click().run()
    presenter.multiselect(key="f_status").set_value(["destroyed"]).run()
    look_again(viewer)
    assert viewer.multiselect(key="f_status").value == []  # exploring alone: not moved
    viewer.button(key="live_rejoin").click().run()
    look_again(viewer)
    assert viewer.multiselect(key="f_status").value == ["destroyed"]


def test_when_the_presenter_ends_followers_are_told_and_keep_the_view(data):
    presenter, code = presenter_live(data)
    presenter.multiselect(key="f_status").set_value(["damaged"]).run()
    viewer = follower(code)
    presenter.button(key="live_end").click().run()
    look_again(viewer)
    assert "The live session has ended" in viewer.warning[0].value
    assert viewer.multiselect(key="f_status").value == ["damaged"]


def test_a_wrong_code_is_a_note(data):
    viewer = follower("<b>x</b>")
    assert any("Ignored follow=" in note.value for note in viewer.info)
    assert shown(viewer) == 300


def test_a_presenter_who_comes_back_signed_in_can_resume_or_end_the_session(data):
    """Issue 19 item 5 / issue 21 F15: a reload signed the presenter out; the code was lost."""
    _, code = presenter_live(data)
    again = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)  # the reloaded page: a new session
    again.secrets["editors"] = {"aysel": hash_password(PASSWORD)}
    sign_in(again)
    again.switch_page("pages/map.py").run()
    again.button(key="enter_present").click().run()
    assert any(f"Your live session {code} is still open." in text.value for text in again.text)
    again.button(key="live_resume").click().run()
    assert again.session_state[KEY].live_code == code and again.session_state[KEY].presenting
    again.multiselect(key="f_status").set_value(["damaged"]).run()
    viewer = follower(code)
    assert viewer.multiselect(key="f_status").value == ["damaged"]  # the resumed session publishes
    again.button(key="live_end").click().run()
    look_again(viewer)
    assert "The live session has ended" in viewer.warning[0].value


def test_a_store_that_does_not_answer_is_not_the_end_of_the_session(data, monkeypatch):
    """Issue 21 F4: a 2-second database restart told every follower "ended", for good."""
    presenter, code = presenter_live(data)
    presenter.multiselect(key="f_status").set_value(["damaged"]).run()
    viewer = follower(code)
    with monkeypatch.context() as down:
        down.setattr(live_ui.ui_data, "store", lambda: None)  # the store stops answering
        look_again(viewer)
    assert all("has ended" not in warning.value for warning in viewer.warning)
    assert viewer.session_state[KEY].following and not viewer.session_state[KEY].live_over
    # Back: the follower follows again, by itself.
    presenter.multiselect(key="f_status").set_value(["restored"]).run()
    look_again(viewer)
    assert viewer.multiselect(key="f_status").value == ["restored"]


def test_a_followers_arrow_keys_do_not_leave_the_presenter(data):
    """Issue 19 item 5: ← → stepped scenes while the banner still said "Following"."""
    Store(database_url()).add_scene("Baku", {"status": ["damaged"]}, "aysel")
    Store(database_url()).add_scene("Şəki", {"status": ["restored"]}, "aysel")
    presenter, code = presenter_live(data)
    assert not presenter.button(key="scene_next").disabled  # the presenter steps through them
    viewer = follower(code)
    assert viewer.button(key="scene_next").disabled and viewer.button(key="scene_prev").disabled
    assert viewer.button(key="scene_next").help == "The presenter chooses the scene while you follow."


def test_a_follower_follows_the_presenters_date(data):
    """The presenter steps a year back (the date control of presenter mode): followers show that day's record."""
    import datetime as dt

    presenter, code = presenter_live(data)
    viewer = follower(code)
    presenter.button(key="date_back").click().run()
    assert not presenter.exception, presenter.exception
    day = presenter.session_state[KEY].state.site_filter.date
    today = dt.date.today()
    assert (
        day
        == today.replace(year=today.year - 1, day=28 if (today.month, today.day) == (2, 29) else today.day).isoformat()
    )
    look_again(viewer)
    assert viewer.session_state[KEY].state.site_filter.date == day
    assert viewer.date_input(key="f_date").value == dt.date.fromisoformat(day)
