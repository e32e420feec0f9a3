"""The PSC's side: the queue of Actions waiting for the member's vote, and casting it.

A vote is checked by its round, not the Action's version (each vote bumps the
version), as in the API: a form sent for a round that has closed is a 409.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug import exceptions as http
from werkzeug.wrappers import Response

from db.models import Action
from webui.pages import error_page, render
from webui.pages import uow as _uow
from workflow.services import (
    InvalidTransition,
    ValidationFailed,
    cast_vote,
    queries,
    waiting_for,
)

bp = Blueprint("psc", __name__)
DECISIONS = {"approve": "Approve", "request_changes": "Request changes", "reject": "Reject"}


@bp.get("/psc")
def queue() -> str | tuple[str, int]:
    if not current_user.has("psc"):
        return error_page(http.Forbidden())
    waiting = waiting_for(_uow(), current_user.id)
    return render("psc_queue.html", title=_("Waiting for your vote"), waiting=waiting)


@bp.post("/actions/<int(max=2147483647):action_id>/vote")
def vote(action_id: int) -> Response | str | tuple[str, int]:
    from webui.objects import show

    decision = request.form.get("decision", "")
    sent_round = request.form.get("round", "")
    with _uow() as uow:
        session = queries.read_only(uow)
        member = queries.actor(session, current_user.id)
        action = queries.visible(session, Action, action_id, member)
        current_round = action.psc_round
    if not current_user.has("psc"):  # the role first, as in the API: then the round
        return error_page(http.Forbidden())
    if not sent_round.isdigit() or int(sent_round) != current_round:
        flash(
            _(
                "This round of the vote has closed: nothing was recorded. Here is the Action "
                "as it is now."
            ),
            "important",
        )
        return show("actions", action_id), 409
    try:
        cast_vote(_uow(), action_id, current_user.id, decision, request.form.get("comment", ""))
    except (ValidationFailed, InvalidTransition) as refused:
        status = 422 if isinstance(refused, ValidationFailed) else 409
        return show("actions", action_id, vote_refused=refused), status
    flash(_("Your vote is recorded: %(decision)s.", decision=_(DECISIONS[decision])), "success")
    return redirect(url_for("objects.show", plural="actions", object_id=action_id))
