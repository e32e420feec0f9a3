"""The deliverables library: uploads checked whole before anything is stored, downloads only
for those who see the Action, withdrawal kept in the history, the search at /library, CVs."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from db.models import Deliverable, Expert, StoredFile
from tests.support import PASSWORD, Scenario

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def signed_in(app: Any, user: Any) -> Any:
    client = app.test_client()
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    return client


def upload(client: Any, path: str, content: bytes, name: str, **fields: str) -> Any:
    sent = {"type": "guide_or_training_manual", "title": "Victim identification guide"}
    sent |= {"language": "en", "issued_on": "2026-11-20", **fields}
    return post_file(client, path, content, name, **sent)


def post_file(client: Any, path: str, content: bytes, name: str, **fields: str) -> Any:
    """A multipart POST encoded in memory (the test client would spool a big body to a
    temporary file it never closes)."""
    boundary, body = encode_multipart({**fields, "file": FileStorage(io.BytesIO(content), name)})
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def to_action(client: Any, action_id: int, content: bytes, name: str, **fields: str) -> Any:
    return upload(client, f"/actions/{action_id}/deliverables/new", content, name, **fields)


def rows(world: Scenario, model: Any) -> list[Any]:
    with world.uow() as uow:
        return list(uow.session.scalars(sa.select(model)))


def stored_keys(app: Any) -> list[str]:
    from webui import services

    keys: list[str] = services(app).store.keys()
    return keys


def test_a_deliverable_is_added_listed_and_downloaded_by_who_sees_the_action(
    api_app: Any, world: Scenario
) -> None:
    action = world.action()
    staff = signed_in(api_app, world.staff)
    answer = to_action(staff, action.id, PDF, "Guide (final).pdf")
    assert answer.status_code == 302, answer.text
    [deliverable] = rows(world, Deliverable)
    [file] = rows(world, StoredFile)
    assert (deliverable.action_id, deliverable.activity_id) == (action.id, None)
    assert (deliverable.type, deliverable.language) == ("guide_or_training_manual", "en")
    assert file.original_name == "Guide (final).pdf" and file.media_type == "application/pdf"
    assert stored_keys(api_app) == [file.key] and "Guide" not in file.key
    [added] = [h for h in world.history("action", action.id) if h.trigger == "add_deliverable"]
    assert added.data["deliverable"] == deliverable.id and added.actor_id == world.staff.id
    page = staff.get(f"/actions/{action.id}").text
    assert "Victim identification guide" in page and f"/deliverables/{deliverable.id}/file" in page

    focal = signed_in(api_app, world.focal).get(f"/deliverables/{deliverable.id}/file")
    assert focal.status_code == 200 and focal.data == PDF
    assert focal.headers["Content-Type"] == "application/pdf"
    assert focal.headers["Content-Disposition"].startswith("attachment;")
    assert "Guide (final).pdf" in focal.headers["Content-Disposition"]
    assert focal.headers["X-Content-Type-Options"] == "nosniff"

    stranger = world.user("other", "focal_point", email="other@example.org")
    expert = world.expert_user  # assigned to no activity of this Action yet
    for outsider in (stranger, expert):
        refused = signed_in(api_app, outsider).get(f"/deliverables/{deliverable.id}/file")
        assert refused.status_code == 404 and PDF not in refused.data


def test_each_bad_upload_is_refused_with_a_clear_message_and_nothing_is_stored(
    api_app: Any, world: Scenario
) -> None:
    action = world.action()
    world.setting("upload_max_mb", 1)
    staff = signed_in(api_app, world.staff)
    html = b"<!DOCTYPE html><script>alert(1)</script>"
    refused = {
        "forged pdf": (PNG, "guide.pdf", "is not a real PDF file"),
        "html as text": (html, "notes.txt", "is not a real plain text file"),
        "pdf as docx": (PDF, "guide.docx", "is not a real Word document file"),
        "path": (PDF, "../../etc/guide.pdf", "must not contain a folder path"),
        "windows path": (PDF, "C:\\Users\\me\\guide.pdf", "must not contain a folder path"),
        "program": (b"MZ\x90\x00", "setup.exe", "Files of this type are not accepted"),
        "too big": (b"%PDF-" + b"0" * (1024 * 1024), "big.pdf", "larger than 1 MB"),
        "empty": (b"", "empty.pdf", "The file is empty"),
    }
    for case, (content, name, message) in refused.items():
        answer = to_action(staff, action.id, content, name)
        assert answer.status_code == 422, case
        assert message in answer.text, (case, answer.text)
    bad_fields = to_action(staff, action.id, PDF, "guide.pdf", type="poem", language="xx")
    assert bad_fields.status_code == 422 and "must be one of" in bad_fields.text
    assert "ISO 639-1" in bad_fields.text
    psc = signed_in(api_app, world.psc[0])
    assert to_action(psc, action.id, PDF, "guide.pdf").status_code == 403
    assert to_action(staff, 999_999, PDF, "guide.pdf").status_code == 404
    assert (world.count(Deliverable), world.count(StoredFile), stored_keys(api_app)) == (0, 0, [])
    assert not [h for h in world.history("action", action.id) if "deliverable" in h.trigger]
    # The same form, right: accepted (the checks refused the files, not the form).
    assert to_action(staff, action.id, docx(), "guide.docx").status_code == 302


def test_a_withdrawn_deliverable_leaves_the_lists_and_stays_in_the_history(
    api_app: Any, world: Scenario
) -> None:
    action = world.action()
    staff = signed_in(api_app, world.staff)
    to_action(staff, action.id, PDF, "guide.pdf", title="Old referral guide")
    [deliverable] = rows(world, Deliverable)
    focal = signed_in(api_app, world.focal)
    assert (
        focal.post(f"/deliverables/{deliverable.id}/withdraw", data={"reason": "x"}).status_code
        == 403
    )
    empty = staff.post(f"/deliverables/{deliverable.id}/withdraw", data={"reason": " "})
    assert empty.status_code == 422 and "Say why the deliverable is withdrawn." in empty.text
    done = staff.post(f"/deliverables/{deliverable.id}/withdraw", data={"reason": "Superseded."})
    assert done.status_code == 302
    [kept] = rows(world, Deliverable)
    assert kept.withdrawn_at is not None and kept.withdrawn_by == world.staff.id
    assert world.count(StoredFile) == 1  # the file stays with its history
    [gone] = [h for h in world.history("action", action.id) if h.trigger == "withdraw_deliverable"]
    assert gone.comment == "Superseded." and gone.data["title"] == "Old referral guide"
    assert "Old referral guide" not in staff.get(f"/actions/{action.id}").text.split("History")[0]
    assert "Old referral guide" not in staff.get("/library").text
    assert focal.get(f"/deliverables/{deliverable.id}/file").status_code == 404
    assert staff.get(f"/deliverables/{deliverable.id}/file").status_code == 200
    again = staff.post(f"/deliverables/{deliverable.id}/withdraw", data={"reason": "Again."})
    assert again.status_code == 404


def test_the_library_searches_titles_types_countries_and_areas_of_visible_actions(
    api_app: Any, world: Scenario
) -> None:
    thai = world.action()  # Thailand, irregular migration
    other = world.action(focal=False)
    world.edit("action", other.id, {"countries": ["SN"], "thematic_areas": ["legal_migration"]})
    staff = signed_in(api_app, world.staff)
    to_action(
        staff, thai.id, PDF, "a.pdf", title="Referral SOP", type="standard_operating_procedures"
    )
    to_action(
        staff, other.id, PDF, "b.pdf", title="Labour strategy", type="strategy_or_action_plan"
    )

    def titles(client: Any, query: str) -> list[str]:
        page = client.get("/library?" + query).text
        return [t for t in ("Referral SOP", "Labour strategy") if t in page]

    assert titles(staff, "") == ["Referral SOP", "Labour strategy"]
    assert titles(staff, "q=referral") == ["Referral SOP"]
    assert titles(staff, "q=strategy") == ["Labour strategy"]
    assert titles(staff, "q=operating+procedures") == ["Referral SOP"]  # the type's label
    assert titles(staff, "q=senegal") == ["Labour strategy"]  # a country's name
    assert titles(staff, "country=TH") == ["Referral SOP"]
    assert titles(staff, "area=legal_migration") == ["Labour strategy"]
    assert titles(staff, "type=strategy_or_action_plan&country=TH") == []
    assert titles(staff, "q=%25") == []  # a LIKE wildcard is a plain character
    # A focal point finds only what their Actions hold.
    assert titles(signed_in(api_app, world.focal), "") == ["Referral SOP"]


def test_an_expert_attaches_files_to_their_activity_report_and_their_cv(
    api_app: Any, world: Scenario
) -> None:
    action = world.approved_action()
    activity = world.held_activity(action)
    other = world.get(type(action), action.id).activities[1]
    expert = signed_in(api_app, world.expert_user)
    path = f"/activities/{activity.id}/deliverables/new"
    assert upload(expert, path, docx(), "report annex.docx", type="other").status_code == 302
    [annex] = rows(world, Deliverable)
    assert (annex.activity_id, annex.action_id) == (activity.id, action.id)
    assert [h.trigger for h in world.history("activity", activity.id)][-1] == "add_deliverable"
    assert "report annex.docx" in expert.get(f"/activities/{activity.id}").text
    not_theirs = f"/activities/{other.id}/deliverables/new"
    assert upload(expert, not_theirs, PDF, "a.pdf").status_code == 404  # not assigned: unseen
    assert world.count(Deliverable) == 1

    cv = f"/experts/{world.expert.id}/cv"
    forged = post_file(expert, cv, PNG, "cv.pdf")
    assert forged.status_code == 422 and "is not a real PDF file" in forged.text
    image = post_file(expert, cv, PNG, "cv.png")
    assert image.status_code == 422 and "A CV must be a .pdf, .docx, .odt file." in image.text
    assert post_file(expert, cv, PDF, "Marie CV.pdf").status_code == 302
    assert world.get(Expert, world.expert.id).has_cv
    first = stored_keys(api_app)
    assert post_file(expert, cv, docx(), "cv2.docx").status_code == 302
    assert len(stored_keys(api_app)) == len(first)  # the old CV's file is gone
    for reader in (world.staff, world.psc[0], world.admin, world.expert_user):
        got = signed_in(api_app, reader).get(cv + "/file")
        assert got.status_code == 200 and got.headers["Content-Disposition"].startswith(
            "attachment"
        )
    assert signed_in(api_app, world.focal).get(cv + "/file").status_code == 404
    assert signed_in(api_app, world.focal).get(cv).status_code == 404
    someone = world.user("jan", "expert", email="jan@example.org")
    world.new_expert("jan@example.org", "Jan K.")
    assert signed_in(api_app, someone).get(cv + "/file").status_code == 404
    assert (
        signed_in(api_app, world.psc[0])
        .post(cv, data={"file": (io.BytesIO(PDF), "x.pdf")})
        .status_code
        == 403
    )


def test_the_upload_form_is_offered_only_to_who_may_use_it(api_app: Any, world: Scenario) -> None:
    action = world.action()
    path = f"/actions/{action.id}/deliverables/new"
    assert signed_in(api_app, world.staff).get(path).status_code == 200
    assert signed_in(api_app, world.focal).get(path).status_code == 200
    assert signed_in(api_app, world.psc[0]).get(path).status_code == 403
    assert signed_in(api_app, world.expert_user).get(path).status_code == 404  # not on it
    assert (
        signed_in(api_app, world.staff).get("/actions/999999/deliverables/new").status_code == 404
    )


def test_the_files_of_a_page_and_the_library_cost_the_same_queries_for_1_or_4_files(
    api_app: Any, world: Scenario
) -> None:
    from tests.integration.test_web_queries import queries_for

    one, four = world.action(), world.action()
    staff = signed_in(api_app, world.staff)
    to_action(staff, one.id, PDF, "a.pdf")
    for n in range(4):
        to_action(staff, four.id, PDF, f"{n}.pdf")
    assert queries_for(api_app, staff, f"/actions/{one.id}") == queries_for(
        api_app, staff, f"/actions/{four.id}"
    )
    assert queries_for(api_app, staff, "/library?country=TH") <= 25  # as the lists
