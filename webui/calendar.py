"""Each user's calendar of scheduled activities, as an iCalendar feed behind a secret link.

/account/calendar shows the link (and renews it: the old one stops working);
/calendar/<token>.ics is read by calendar programs, which send no cookie, so the
token is the only credential: an unknown or old one is a plain 404.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from icalendar import Calendar, Event
from werkzeug.wrappers import Response as BaseResponse

from webui.pages import render
from webui.pages import uow as _uow
from workflow.services import calendar_token, scheduled_for, user_for_calendar

bp = Blueprint("calendar", __name__)
PRODUCT = "-//MIEUX Workflow//Scheduled activities//EN"


def _key() -> bytes:
    return str(current_app.config["SECRET_KEY"]).encode()


def _feed_url(token: str) -> str:
    return url_for("calendar.feed", token=token, _external=True)


@bp.get("/account/calendar")
def page() -> str:
    token = calendar_token(_uow(), _key(), current_user.id)
    return render("account_calendar.html", title=_("Your calendar"), link=_feed_url(token))


@bp.post("/account/calendar")
def renew() -> BaseResponse:
    calendar_token(_uow(), _key(), current_user.id, renew=True)
    flash(_("Your calendar has a new link: the old one no longer works."), "success")
    return redirect(url_for("calendar.page"))


@bp.get("/calendar/<token>.ics")
def feed(token: str) -> Response:
    user_id = user_for_calendar(_uow(), _key(), token) if len(token) < 100 else None
    if user_id is None:
        abort(404)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "MIEUX")
    host = request.host.split(":")[0] or "mieux"
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for found in scheduled_for(_uow(), user_id):
        event = Event()
        event.add("uid", f"activity-{found.activity_id}@{host}")
        event.add("dtstamp", stamp)
        event.add("last-modified", found.changed_at.replace(microsecond=0))
        event.add("summary", f"{found.title} ({found.type_label})")
        event.add("dtstart", found.start)
        event.add("dtend", found.end + dt.timedelta(days=1))  # all-day: the end is exclusive
        if found.place:
            event.add("location", found.place)
        lines = [found.action_title]
        if found.experts:
            lines.append(_("Experts: %(names)s", names=", ".join(found.experts)))
        event.add("description", "\n".join(lines))
        event.add(
            "url",
            url_for(
                "objects.show", plural="activities", object_id=found.activity_id, _external=True
            ),
        )
        calendar.add_component(event)
    answer = Response(calendar.to_ical(), mimetype="text/calendar")
    answer.headers["Cache-Control"] = "private, no-store"
    answer.headers["Content-Disposition"] = 'inline; filename="mieux.ics"'
    return answer
