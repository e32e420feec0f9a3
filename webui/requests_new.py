"""Recording an incoming Request: the form, and the workflow's refusals next to their fields."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug import exceptions as http
from werkzeug.wrappers import Response
from wtforms import (
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)

from webui import once
from webui.pages import error_page, render, uow
from workflow.services import ValidationFailed, choices, create_request

bp = Blueprint("requests", __name__)


class CheckboxesField(SelectMultipleField):  # type: ignore[misc]
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class RequestForm(FlaskForm):  # type: ignore[misc]
    requester_name = StringField(_l("Requesting institution"))
    requester_type = SelectField(_l("Type of requester"))
    countries = SelectMultipleField(_l("Countries"))
    thematic_areas = CheckboxesField(_l("Thematic areas"))
    topics = CheckboxesField(_l("Topics"))
    received_on = StringField(_l("Received on"))
    summary = TextAreaField(_l("Summary of the request"))
    endorsed_by = StringField(_l("Endorsed by (optional)"))
    endorsed_on = StringField(_l("Endorsed on (optional)"))
    owner_id = SelectField(_l("Owner"))


def _form() -> RequestForm:
    known = choices(uow())
    form = RequestForm()
    form.requester_type.choices = [("", _("Choose a type")), *known.requester_types]
    form.countries.choices = known.partner_countries
    form.thematic_areas.choices = known.areas
    form.topics.choices = known.topics
    form.owner_id.choices = known.staff
    if not form.owner_id.data:
        form.owner_id.data = str(current_user.id)
    return form


def _payload(form: RequestForm) -> dict[str, Any]:
    """The form as the API's body: empty optional fields left out."""
    data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    data["owner_id"] = int(data["owner_id"]) if str(data["owner_id"]).isdigit() else None
    return {k: v for k, v in data.items() if v not in ("", None, [])}


@bp.route("/requests/new", methods=["GET", "POST"])
def new() -> str | Response | tuple[str, int]:
    if not current_user.has("staff"):
        return error_page(http.Forbidden())
    form = _form()
    token = request.form.get("once", "")
    if request.method == "POST":
        if already_done := once.already_used(token):
            flash(_("This Request was already recorded."), "success")
            return redirect(already_done)
        if not once.known(token):
            return error_page(http.BadRequest(_("This form has expired.")))
        try:
            created = create_request(uow(), current_user.id, _payload(form))
        except ValidationFailed as refused:
            for reason in refused.reasons:
                field = getattr(form, reason.code.split(".")[0], None)
                if field is None:
                    form.form_errors.append(reason.message)
                else:  # a tuple until the form is validated, which it is not here
                    field.errors = [*field.errors, reason.message]
            return render(
                "request_new.html",
                title=_("Record a Request"),
                form=form,
                once=token,
                refused=refused,
            ), 422
        target = url_for("objects.show", plural="requests", object_id=created.id)
        once.spend(token, target)
        flash(_("The Request is recorded."), "success")
        return redirect(target)
    return render("request_new.html", title=_("Record a Request"), form=form, once=once.issue())
