"""The programme's figures at a glance: /dashboard, each chart with its table and its CSV.

A first slice of the dashboard (the roster issue adds exports to Excel, the
full demo and more filters): the figures are the API's /stats, computed live
over what the user may see, filtered by phase, region and the days the
Requests were received; the charts are SVG drawn on the server with
presentation attributes only (the CSP allows no inline style and no outside
request).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, request
from flask_babel import gettext as _
from flask_login import current_user

from webui import exports
from webui.experts import GENDERS, TYPES
from webui.pages import render
from webui.pages import uow as _uow
from workflow.services import LIFECYCLES, Choices, choices, invalid, queries, statistics_for

bp = Blueprint("dashboard", __name__)
EXPERT_LABELS = {"expert_types": TYPES, "genders": GENDERS}
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
    "experts_by_type": ("Experts deployed by type", ("experts", "by_type"), "expert_types"),
    "experts_by_gender": ("Experts deployed by gender", ("experts", "by_gender"), "genders"),
    "experts_by_member_state": (
        "EU government experts deployed by Member State",
        ("experts", "by_member_state"),
        "countries",
    ),
    "roster_by_type": (
        "Experts in the roster by type",
        ("experts", "roster_by_type"),
        "expert_types",
    ),
    "roster_by_gender": (
        "Experts in the roster by gender",
        ("experts", "roster_by_gender"),
        "genders",
    ),
    "roster_by_member_state": (
        "EU government experts in the roster by Member State",
        ("experts", "roster_by_member_state"),
        "countries",
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
    if source in EXPERT_LABELS:
        return {k: _(v) for k, v in EXPERT_LABELS[source].items()}
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
    rows = figure(_statistics(), key, choices(_uow()))
    return exports.csv_file([FIGURES[key][0], "count"], rows, f"{key}.csv")


def summary(stats: dict[str, Any], known: Choices) -> list[tuple[str, Any]]:
    """The page's headline figures, as (label, value) rows, with the filters applied."""
    phase, region = request.args.get("phase", ""), request.args.get("region", "")
    rapid = stats["rapid_reaction"]
    share = rapid.get("share_within_90")
    return [
        ("Phase", dict(known.phases).get(phase, "Every phase")),
        ("Region", dict(known.regions).get(region, "Every region")),
        ("Received from", request.args.get("from") or "the first Request"),
        ("Received to", request.args.get("to") or "today"),
        ("Requests", stats["requests_total"]),
        ("Actions", stats["actions_total"]),
        ("Countries with Actions", stats["countries_with_actions"]),
        ("Closed Actions", stats["actions_closed"]["total"]),
        ("Rapid reaction: median days to the first activity", rapid.get("median_days")),
        ("Rapid reaction: share within the target (%)",
         None if share is None else round(share * 100)),
        ("Experts in the roster", stats["experts"]["roster"]),
        ("Experts deployed", stats["experts"]["deployed"]),
    ]  # fmt: skip


@bp.get("/dashboard.xlsx")
def workbook() -> Response:
    """The whole dashboard in one workbook: the summary, then a sheet per table."""
    stats, known = _statistics(), choices(_uow())
    sheets: list[tuple[str, list[Any], Any]] = [
        ("Summary", ["Figure", "value"], summary(stats, known))
    ]
    for key, (title, _path, _source) in FIGURES.items():
        sheets.append((key, [title, "count"], figure(stats, key, known)))
    return exports.download(exports.workbook(sheets), exports.XLSX, "mieux-dashboard.xlsx")
