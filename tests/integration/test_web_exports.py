"""The dashboard's downloads hold the page's numbers: each CSV and the Excel workbook, read
back with csv and openpyxl; a label that would run as a formula is made plain text."""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

import sqlalchemy as sa
from openpyxl import load_workbook

from db.models import ThematicArea
from tests.support import PASSWORD, Scenario
from webui.dashboard import FIGURES

FIGURE = re.compile(
    r'<figure class="mieux-chart" aria-labelledby="([a-z_]+)-title">(.*?)</figure>', re.S
)
ROW = re.compile(
    r'<tr class="govuk-table__row"><td class="govuk-table__cell">(.*?)</td>'
    r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td></tr>'
)


def signed_in(app: Any, user: Any) -> Any:
    client = app.test_client()
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    return client


def page_tables(text: str) -> dict[str, list[tuple[str, int]]]:
    """Each figure's table as the page shows it: (label, count) rows."""
    return {
        key: [(html.unescape(label), int(n)) for label, n in ROW.findall(body)]
        for key, body in FIGURE.findall(text)
    }


def test_every_csv_and_the_workbook_hold_the_numbers_of_the_page(
    api_app: Any, world: Scenario
) -> None:
    action = world.approved_action()
    world.held_activity(action)
    world.request()
    with world.uow() as uow:  # a label an admin could type: it must not become a formula
        uow.session.execute(
            sa.update(ThematicArea)
            .where(ThematicArea.code == "irregular_migration")
            .values(label='=HYPERLINK("http://evil.example","x")')
        )
        uow.commit()
    client = signed_in(api_app, world.staff)
    shown = page_tables(client.get("/dashboard").text)
    assert set(shown) == set(FIGURES)
    assert shown["requests_by_state"] and shown["actions_by_area"]

    book = load_workbook(io.BytesIO(client.get("/dashboard.xlsx").data))
    assert book.sheetnames == ["Summary", *FIGURES]
    for key, rows in shown.items():
        written = list(csv.reader(io.StringIO(client.get(f"/dashboard/{key}.csv").text)))
        assert written[0] == [FIGURES[key][0], "count"]
        sheet = [tuple(r) for r in book[key].iter_rows(min_row=2, values_only=True)]
        expected = [(label.replace("=", "'=", 1) if label.startswith("=") else label, n)
                    for label, n in rows]  # fmt: skip
        assert [(label, int(n)) for label, n in written[1:]] == expected, key
        assert sheet == expected, key
    formula = '\'=HYPERLINK("http://evil.example","x")'
    assert ("'" + shown["actions_by_area"][0][0], 1) == (formula, 1)
    cell = book["actions_by_area"]["A2"]
    assert cell.value == formula and cell.data_type == "s"
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Requests"] == 2 and summary["Actions"] == 1
    assert summary["Experts deployed"] == 1 and summary["Region"] == "Every region"


def test_the_workbook_follows_the_filters_and_neutralises_every_formula_start(
    api_app: Any, world: Scenario
) -> None:
    from webui.exports import neutral

    assert [neutral(v) for v in ("=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "Asia", 3, -3)] == [
        "'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\t=1", "Asia", 3, -3,
    ]  # fmt: skip
    world.action()  # Thailand: Asia
    client = signed_in(api_app, world.staff)
    africa = load_workbook(io.BytesIO(client.get("/dashboard.xlsx?region=west_africa").data))
    asia = load_workbook(io.BytesIO(client.get("/dashboard.xlsx?region=asia").data))
    assert list(africa["actions_by_region"].iter_rows(min_row=2, values_only=True)) == []
    assert list(asia["actions_by_region"].iter_rows(min_row=2, values_only=True)) == [
        ("Asia (incl. Central Asia)", 1)
    ]
    assert dict(asia["Summary"].iter_rows(min_row=2, values_only=True))["Region"].startswith("Asia")
