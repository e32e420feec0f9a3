"""The programme's figures at a glance: /dashboard, each chart with its table and its CSV.

A first slice of the dashboard (the roster issue adds exports to Excel, the
full demo and more filters): the figures are the API's /stats, computed live
over what the user may see, filtered by phase, region and the days the
Requests were received; the charts are SVG drawn on the server with
presentation attributes only (the CSP allows no inline style and no outside
request).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from flask import Blueprint, Response, abort, request
from flask_babel import gettext as _
from flask_login import current_user

from webui.pages import render
from webui.pages import uow as _uow
from workflow.services import LIFECYCLES, Choices, choices, invalid, queries, statistics_for

bp = Blueprint("dashboard", __name__)
# figure key -> (title, the path to its counts in the statistics, label source)
FIGURES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "requests_by_year": ("Requests by year received", ("requests_by_year",), ""),
    "requests_by_state": ("Requests by state", ("requests_by_state",), "request"),
    "actions_by_state": ("Actions by state", ("actions_by_state",), "action"),
    "actions_by_region": ("Actions by region", ("actions_by_region",), "regions"),
    "actions_by_area": ("Actions by thematic area", ("actions_by_area",), "areas"),
    "actions_by_topic": ("Actions by topic", ("actions_by_topic",), "topics"),
    "closed_by_area": ("Closed Actions by thematic area", ("actions_closed", "by_area"), "areas"),
    "activities_by_type": ("Activities by type", ("activities_by_type",), "activity_types"),
    "experts_by_type": ("Experts deployed by type", ("experts", "by_type"), ""),
    "experts_by_gender": ("Experts deployed by gender", ("experts", "by_gender"), ""),
    "experts_by_member_state": (
        "EU government experts by Member State",
        ("experts", "by_member_state"),
        "",
    ),
    "participants_by_gender": ("Participants by gender", ("participants_by_gender",), ""),
}


def _statistics() -> dict[str, Any]:
    phase, region = request.args.get("phase") or None, request.args.get("region") or None
    span = (_day("from"), _day("to"))
    with _uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, current_user.id)
        return statistics_for(session, user, phase, region, span)


def _day(name: str) -> dt.date | None:
    """A day of the filter form (a date field sends YYYY-MM-DD), or None when left empty."""
    value = request.args.get(name) or ""
    if not value:
        return None
    try:
        if len(value) != 10:  # fromisoformat also reads 20191231, which no form sends
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise invalid(name, _("Write the day as YYYY-MM-DD, for example 2019-12-31.")) from None


def _labels(source: str, known: Choices) -> dict[str, str]:
    if source in LIFECYCLES:
        return {s.value: s.label for s in LIFECYCLES[source].states}
    return dict(getattr(known, source)) if source else {}


def figure(stats: dict[str, Any], key: str, known: Choices) -> list[tuple[str, int]]:
    """One figure's rows (label, count), largest first (years in order); `known` is the
    reference data, read once per page rather than once per figure."""
    _title, path, source = FIGURES[key]
    counts: Any = stats
    for part in path:
        counts = counts.get(part, {})
    names = _labels(source, known)
    rows = [(names.get(str(k), str(k).replace("_", " ")), int(v)) for k, v in counts.items()]
    return rows if key == "requests_by_year" else sorted(rows, key=lambda r: -r[1])


@bp.get("/dashboard")
def index() -> str:
    stats, known = _statistics(), choices(_uow())
    figures = [(key, _(FIGURES[key][0]), figure(stats, key, known)) for key in FIGURES]
    return render(
        "dashboard.html",
        title=_("The programme at a glance"),
        stats=stats,
        figures=figures,
        regions=known.regions,
        phases=known.phases,
        args=request.args,
    )


@bp.get("/dashboard/<key>.csv")
def download(key: str) -> Response:
    if key not in FIGURES:
        abort(404)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([FIGURES[key][0], "count"])
    writer.writerows(figure(_statistics(), key, choices(_uow())))
    answer = Response(out.getvalue(), mimetype="text/csv")
    answer.headers["Content-Disposition"] = f'attachment; filename="{key}.csv"'
    return answer
