"""The calling user's notifications, and the programme's figures."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from webui.api import serializers
from webui.api.auth import services, user_id
from webui.api.body import bool_arg, date_arg, int_arg, text_arg
from webui.api.collections import StatsOut
from workflow.services import notices, queries, statistics_for


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/notifications", "notifications", notifications, methods=["GET"])
    read = "/notifications/<int(max=2147483647):notification_id>/read"
    bp.add_url_rule(read, "read_notification", read_notification, methods=["POST"])
    bp.add_url_rule("/stats", "stats", stats, methods=["GET"])


def notifications() -> Response:
    unread = bool_arg("unread")
    page, per_page = int_arg("page", 1) or 0, int_arg("per_page", queries.DEFAULT_PER_PAGE) or 0
    with services().uow() as uow:
        session = queries.read_only(uow)
        found = notices.page_for(session, user_id(), unread, page, per_page)
        items = [serializers.notification_out(n).model_dump(mode="json") for n in found.items]
        return jsonify(items=items, page=found.page, per_page=found.per_page, total=found.total)


def read_notification(notification_id: int) -> Response:
    marked = notices.mark_read(services().uow(), user_id(), notification_id)
    return jsonify(serializers.notification_out(marked).model_dump(mode="json"))


def stats() -> Response:
    phase, region = text_arg("phase"), text_arg("region")
    span = (date_arg("from"), date_arg("to"))
    with services().uow() as uow:
        session = queries.read_only(uow)
        user = queries.actor(session, user_id())
        figures = StatsOut.model_validate(statistics_for(session, user, phase, region, span))
        return jsonify(figures.model_dump(mode="json"))
