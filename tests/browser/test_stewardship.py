"""A second pair of eyes in a real browser: an editor's proposal with a photograph, invisible to a
viewer until a reviewer approves it; the evidence served cleaned; the audit trail for an admin.

Screenshots (test-artifacts/): the Review page, the Audit page and the site page with its
evidence, in English and Azerbaijani.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from heritage.auth import hash_password
from heritage.evidence import clean
from heritage.store import NewObservation, Store
from tests.unit.test_evidence import gps_exif, photograph

from .conftest import App, serve
from .mappage import (
    assert_no_exception,
    choose_option,
    nav_link,
    open_page,
    screenshot,
    wait_for_paint,
    wait_for_script,
)

pytestmark = pytest.mark.browser

PASSWORD = "a long test password"
PEOPLE = {"leyla": "editor", "rauf": "reviewer", "nigar": "admin"}
SOURCE = "Inspection report 2026/14 (review test)"


def _secrets() -> str:
    digest = hash_password(PASSWORD)
    editors = "".join(f'{name} = "{digest}"\n' for name in PEOPLE)
    roles = "".join(f'{name} = "{role}"\n' for name, role in PEOPLE.items())
    return f"[editors]\n{editors}\n[roles]\n{roles}"


@pytest.fixture(scope="module")
def review_app(site_data, tmp_path_factory) -> Iterator[App]:
    """A server that requires review, knowing an editor, a reviewer and an admin."""
    home = tmp_path_factory.mktemp("browser-review-app")
    with serve(home, site_data.path, _secrets(), {"HERITAGE_REVIEW": "required"}) as running:
        yield running


def sign_in_as(page: Page, url: str, name: str, language: str = "en") -> None:
    """The Editors page's form, whatever the language: the text and password boxes, then its button."""
    open_page(page, f"{url}/editors?lang={language}", page.locator('input[type="password"]'))
    page.locator('[data-testid="stForm"] input[type="text"]').fill(name)
    page.locator('input[type="password"]').fill(PASSWORD)
    page.locator('[data-testid="stFormSubmitButton"] button').click()
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(name)
    expect(page.locator('input[type="password"]')).to_have_count(0)


def test_a_proposal_with_a_photograph_counts_only_once_another_person_approves_it(
    new_page, review_app, site_data, tmp_path
):
    site = site_data.by_id("syn-2")["properties"]
    photo = tmp_path / "tower.jpg"
    photo.write_bytes(photograph(size=(640, 480), exif=gps_exif()))
    page_named_jpg = tmp_path / "page.jpg"
    page_named_jpg.write_bytes(b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")

    editor = new_page()
    sign_in_as(editor, review_app.url, "leyla")
    expect(nav_link(editor, "Review")).to_have_count(0)  # an editor reviews nothing
    nav_link(editor, "Edit").click()
    sites = editor.locator('[data-testid="stMultiSelect"]').filter(has_text="Sites (several")
    sites.click()
    editor.keyboard.type(f"({site['id']})")
    editor.get_by_role("option", name=f"{site['name']} ({site['id']})", exact=True).click()
    editor.keyboard.press("Escape")
    expect(editor.get_by_text("what you record is a proposal")).to_be_visible()
    wait_for_script(editor)
    choose_option(editor, "New status", "Destroyed")
    editor.get_by_label("Source (required)").fill(SOURCE)
    uploader = editor.locator('[data-testid="stFileUploader"] input[type="file"]')
    uploader.set_input_files(page_named_jpg)  # a web page named .jpg: refused, and nothing stored
    expect(editor.get_by_text("page.jpg", exact=True)).to_be_visible()
    editor.get_by_role("button", name="Record for 1 site").click()
    expect(editor.get_by_text("page.jpg: not a JPEG, PNG or WebP photograph or a PDF")).to_be_visible()
    expect(editor.get_by_text("Nothing was stored.")).to_be_visible()
    screenshot(editor, "edit-evidence-refused-en")
    assert Store(review_app.database_url).proposals().empty
    editor.locator('[data-testid="stFileChipDeleteBtn"] button').first.click()
    expect(editor.get_by_text("page.jpg", exact=True)).to_have_count(0)
    uploader.set_input_files(photo)
    expect(editor.get_by_text("tower.jpg")).to_be_visible()
    editor.get_by_role("button", name="Record for 1 site").click()
    expect(editor.get_by_text("Proposed for 1 site")).to_be_visible()
    expect(editor.get_by_text("1 proposal waiting for a reviewer")).to_be_visible()  # the badge over the history
    assert_no_exception(editor)

    viewer = new_page()
    open_page(viewer, f"{review_app.url}/site?site={site['id']}", viewer.get_by_role("heading", name="History"))
    main = viewer.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name=site["name"], exact=True)).to_be_visible()
    expect(main).not_to_contain_text("Status: Destroyed")
    expect(main).not_to_contain_text(SOURCE)
    assert viewer.request.get(f"{review_app.url}/api/evidence/1").status == 404  # a proposal's file is not public

    reviewer = new_page()
    sign_in_as(reviewer, review_app.url, "rauf")
    nav_link(reviewer, "Review").click()
    expect(reviewer.get_by_role("heading", name="Review proposals")).to_be_visible()
    expect(reviewer.get_by_text("1 proposal waiting, oldest first.")).to_be_visible()
    expect(reviewer.get_by_text("Proposed by leyla")).to_be_visible()
    expect(reviewer.locator('[data-testid="stImage"] img').first).to_be_visible()  # the photograph's thumbnail
    screenshot(reviewer, "review-page-en")
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.get_by_text(re.compile(r"^Proposal #\d+ approved\.$"))).to_be_visible()
    expect(reviewer.get_by_text("0 proposals waiting, oldest first.")).to_be_visible()

    open_page(viewer, f"{review_app.url}/site?site={site['id']}", viewer.get_by_role("heading", name="Evidence"))
    expect(main).to_contain_text("Status: Destroyed")
    expect(main).to_contain_text(SOURCE)
    expect(main.locator('[data-testid="stImage"] img').first).to_be_visible()
    wait_for_paint(viewer)
    main.get_by_role("heading", name="Evidence").scroll_into_view_if_needed()
    screenshot(viewer, "site-evidence-en", full_page=False)
    served = viewer.request.get(f"{review_app.url}/api/evidence/1")
    assert served.status == 200
    assert served.headers["content-type"] == "image/jpeg"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["content-disposition"] == 'inline; filename="evidence-1.jpg"'
    with Image.open(io.BytesIO(served.body())) as image:
        assert (image.size, dict(image.getexif())) == ((640, 480), {})  # the GPS position is gone

    admin = new_page()
    sign_in_as(admin, review_app.url, "nigar")
    expect(admin.get_by_text("Your role: administrator: also reads the audit trail.")).to_be_visible()
    screenshot(admin, "editors-role-en")
    nav_link(admin, "Audit").click()
    expect(admin.get_by_role("heading", name="Audit trail")).to_be_visible()
    trail = Store(review_app.database_url).audit_trail()
    assert list(trail["action"])[::-1][:6] == ["sign-in", "proposal", "evidence", "sign-in", "review", "sign-in"]
    assert list(trail["who"])[::-1][:6] == ["leyla", "leyla", "leyla", "rauf", "rauf", "nigar"]
    expect(admin.get_by_text("6 lines.")).to_be_visible()
    wait_for_paint(admin)
    screenshot(admin, "audit-page-en")


def test_the_review_audit_and_site_pages_in_azerbaijani(new_page, review_app, site_data):
    """A proposal and an approved observation with two photographs, written straight to the store."""
    store = Store(review_app.database_url, review=True)
    site = "syn-3"
    files = [clean(f"{name}.png", photograph("PNG", (320, 240))) for name in ("before", "after")]
    ids = store.record_latest(
        [
            NewObservation(
                site, "restoration_progress", 30, dt.date(2025, 3, 1), "Hesabat 2025/3", "leyla", evidence=(files[0],)
            )
        ]
    )
    store.review_observation(ids[0], "rauf", "approved")
    more = store.record_latest(
        [
            NewObservation(
                site, "restoration_progress", 60, dt.date(2026, 1, 15), "Hesabat 2026/1", "leyla", evidence=(files[1],)
            )
        ]
    )
    store.review_observation(more[0], "rauf", "approved")
    store.record_latest([NewObservation(site, "status", "damaged", dt.date(2026, 2, 1), "Hesabat 2026/2", "leyla")])

    reviewer = new_page()
    sign_in_as(reviewer, review_app.url, "nigar", "az")
    expect(reviewer.get_by_text("Rolunuz: administrator: həmçinin audit jurnalını oxuyur.")).to_be_visible()
    screenshot(reviewer, "editors-role-az")
    nav_link(reviewer, "Redaktə").click()
    reviewer.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').first.click()
    reviewer.keyboard.type(f"({site})")
    # The picker names a site in the reader's order: the Azerbaijani name first in az (heritage/ui/picker.py).
    reviewer.get_by_role("option", name=f"Sintetik abidə 3 ({site})", exact=True).click()
    reviewer.locator("h1").first.click()  # closes the list
    expect(reviewer.get_by_role("option")).to_have_count(0)
    expect(reviewer.get_by_text("İkinci baxış")).to_be_visible()
    wait_for_script(reviewer)
    wait_for_paint(reviewer)
    screenshot(reviewer, "edit-evidence-az")
    nav_link(reviewer, "Rəy").click()
    expect(reviewer.get_by_role("heading", name="Təkliflərə rəy")).to_be_visible()
    expect(reviewer.get_by_role("button", name="Təsdiqlə").first).to_be_visible()
    screenshot(reviewer, "review-page-az")
    nav_link(reviewer, "Audit").click()
    expect(reviewer.get_by_role("heading", name="Audit jurnalı")).to_be_visible()
    wait_for_script(reviewer)
    wait_for_paint(reviewer)
    screenshot(reviewer, "audit-page-az")

    viewer = new_page()
    open_page(
        viewer, f"{review_app.url}/site?site={site}&lang=az", viewer.get_by_role("heading", name="Əvvəl və sonra")
    )
    expect(viewer.locator('[data-testid="stImage"] img')).to_have_count(4)  # two thumbnails, before and after
    wait_for_paint(viewer)
    viewer.get_by_role("heading", name="Sübutlar").scroll_into_view_if_needed()
    screenshot(viewer, "site-evidence-az", full_page=False)


def test_a_change_file_imported_with_a_photograph_is_a_proposal_carrying_it(new_page, review_app, tmp_path):
    changes = tmp_path / "changes.csv"
    changes.write_text(
        "id,status,restoration_progress,source,updated\nsyn-4,damaged,,Field survey 2026 (import test),2026-05-02\n",
        encoding="utf-8",
    )
    photo = tmp_path / "survey.png"
    photo.write_bytes(photograph("PNG", (300, 200)))
    editor = new_page()
    sign_in_as(editor, review_app.url, "leyla")
    nav_link(editor, "Import").click()
    expect(editor.get_by_role("heading", name="Import sites")).to_be_visible()
    editor.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(changes)
    expect(editor.get_by_role("button", name="Record 1 observations")).to_be_visible()
    evidence = editor.locator('[data-testid="stFileUploader"]').filter(has_text="Evidence")
    evidence.locator('input[type="file"]').set_input_files(photo)
    expect(editor.get_by_text("survey.png")).to_be_visible()
    editor.get_by_role("button", name="Record 1 observations").click()
    expect(
        editor.get_by_text("Proposed 1 observations: they show on the map once a reviewer approves them.")
    ).to_be_visible()
    assert_no_exception(editor)
    store = Store(review_app.database_url)
    proposal = store.proposals().set_index("source").loc["Field survey 2026 (import test)"]
    assert (proposal["site_id"], proposal["value"], proposal["author"]) == ("syn-4", "damaged", "leyla")
    assert list(store.evidence_list([proposal["id"]])["name"]) == ["survey.png"]
