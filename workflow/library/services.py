"""Adding, withdrawing and downloading deliverables and CVs: each one transaction.

An upload is checked whole (who, what, name, size, content) before a byte is
stored; the file is written, then its rows committed, and a failed commit
removes the file again: a refusal leaves no row and no file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO, TypeVar

from db.models import Action, Activity, Deliverable, Expert, ExpertCv, StoredFile, User
from workflow.engine import history, resolve
from workflow.engine.acts import acting, commit
from workflow.engine.context import FireContext
from workflow.engine.errors import NotFound, ValidationFailed, invalid
from workflow.engine.shapes import comment_reasons
from workflow.engine.unit_of_work import UnitOfWork
from workflow.library import checks, rules
from workflow.library.content import Kind
from workflow.library.shapes import DeliverableInput
from workflow.library.storage import FileStore
from workflow.read.loading import load_visible

T = TypeVar("T")
CV_KINDS = ("pdf", "docx", "odt")


@dataclass(frozen=True)
class Upload:
    """A file as the user sent it: the name they gave it and its bytes, not yet read."""

    name: str | None
    stream: BinaryIO


@dataclass(frozen=True)
class Download:
    name: str
    media_type: str
    content: bytes


def _checked(
    ctx: FireContext, upload: Upload, kinds: tuple[str, ...] = ()
) -> tuple[str, Kind, bytes]:
    name, kind = checks.checked_name(upload.name)
    if kinds and not set(kind.extensions) & set(kinds):
        allowed = ", .".join(kinds)
        raise invalid("file", f"A CV must be a .{allowed} file.")
    content = checks.read_limited(upload.stream, ctx.settings.upload_max_mb)
    checks.checked_content(content, name, kind)
    return name, kind, content


def _stored(
    uow: UnitOfWork, store: FileStore, ctx: FireContext, upload: Upload, kinds: tuple[str, ...],
    rows: Callable[[StoredFile], T],
) -> T:  # fmt: skip
    """Check the upload, keep its bytes, add its rows (`rows`) and commit, or keep nothing."""
    assert ctx.actor is not None
    name, kind, content = _checked(ctx, upload, kinds)
    key = store.put(content)
    try:
        file = StoredFile(
            key=key,
            original_name=name,
            media_type=kind.media_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=ctx.actor.id,
            uploaded_at=ctx.now,
        )
        uow.session.add(file)
        found = rows(file)
        commit(uow, "file")
    except BaseException:
        store.delete(key)
        raise
    return found


def add_deliverable(
    uow: UnitOfWork, store: FileStore, actor_id: int, kind: str, object_id: int,
    raw: Any, upload: Upload,
) -> Deliverable:  # fmt: skip
    """Add a deliverable to an Action (`kind` "action") or a file to an activity's report
    ("activity"); see rules.require_may_upload for who may."""
    with uow:
        ctx, actor = acting(uow, actor_id)
        model = Activity if kind == "activity" else Action
        target = load_visible(uow.session, model, object_id, actor)
        activity = target if isinstance(target, Activity) else None
        action = activity.action if activity is not None else target
        rules.require_may_upload(uow.session, actor, action, activity)
        data = resolve.parse(DeliverableInput, raw)

        def rows(file: StoredFile) -> Deliverable:
            deliverable = Deliverable(
                action_id=action.id,
                activity_id=activity.id if activity else None,
                file=file,
                **data.model_dump(),
            )
            uow.session.add(deliverable)
            uow.session.flush()
            facts = {"deliverable": deliverable.id, "title": data.title, "file": file.original_name}
            history.write(ctx, target, "add_deliverable", before=target.state, data=facts)
            return deliverable

        return _stored(uow, store, ctx, upload, (), rows)


def withdraw_deliverable(uow: UnitOfWork, actor_id: int, deliverable_id: int, reason: str) -> None:
    """Staff withdraw a deliverable: no longer listed, kept with its file and its history."""
    with uow:
        ctx, actor = acting(uow, actor_id, reason)
        deliverable = _visible_deliverable(uow, actor, deliverable_id)
        rules.require_may_withdraw(actor)
        refused = comment_reasons(reason, required="Say why the deliverable is withdrawn.")
        if refused:
            raise ValidationFailed("The request is not valid.", refused)
        if deliverable.withdrawn_at is not None:
            raise NotFound(f"No deliverable {deliverable_id} (it was withdrawn).")
        deliverable.withdrawn_at, deliverable.withdrawn_by = ctx.now, actor.id
        target: Action | Activity | None = (
            uow.session.get(Activity, deliverable.activity_id)
            if deliverable.activity_id
            else uow.session.get(Action, deliverable.action_id)
        )
        assert target is not None  # a foreign key
        facts = {"deliverable": deliverable.id, "title": deliverable.title}
        history.write(ctx, target, "withdraw_deliverable", before=target.state, data=facts)
        commit(uow, "deliverable")


def may_withdraw(uow: UnitOfWork, actor_id: int, deliverable_id: int) -> None:
    """Refuse, as withdrawing would, one who may not withdraw this deliverable: NotFound
    outside their view, Forbidden to all but staff (before the form or the body is read)."""
    with uow:
        _ctx, actor = acting(uow, actor_id)
        _visible_deliverable(uow, actor, deliverable_id)
        rules.require_may_withdraw(actor)


def _visible_deliverable(uow: UnitOfWork, actor: User, deliverable_id: int) -> Deliverable:
    found = uow.session.get(Deliverable, deliverable_id)
    if found is None or (found.withdrawn_at is not None and not rules.sees_withdrawn(actor)):
        raise NotFound(f"No deliverable {deliverable_id} (or you may not see it).")
    load_visible(uow.session, Action, found.action_id, actor)  # the Action's visibility
    return found


def deliverable_file(
    uow: UnitOfWork, store: FileStore, actor_id: int, deliverable_id: int
) -> Download:
    """The file of a deliverable whose Action the user may see (else NotFound)."""
    with uow:
        _ctx, actor = acting(uow, actor_id)
        file = _visible_deliverable(uow, actor, deliverable_id).file
        return Download(file.original_name, file.media_type, store.get(file.key))


def upload_cv(
    uow: UnitOfWork, store: FileStore, actor_id: int, expert_id: int, upload: Upload
) -> None:
    """Keep an expert's CV (staff, or the expert themself); it replaces the one before, whose
    file is deleted: a CV is personal data, kept no longer than it is current."""
    with uow:
        ctx, actor = acting(uow, actor_id)
        expert, old = _readable_cv(uow, actor, expert_id)  # a focal point: NotFound, as reading
        rules.require_may_upload_cv(uow.session, actor, expert)
        old_key = old.file.key if old is not None else None

        def rows(file: StoredFile) -> None:
            if old is not None:
                uow.session.delete(old)
                uow.session.delete(old.file)
                uow.session.flush()
            uow.session.add(ExpertCv(expert_id=expert.id, file=file))
            expert.has_cv = True
            history.write(ctx, expert, "upload_cv", before=None, data={"file": file.original_name})

        _stored(uow, store, ctx, upload, CV_KINDS, rows)
    if old_key is not None:
        store.delete(old_key)


@dataclass(frozen=True)
class FileFacts:
    name: str
    media_type: str
    size: int
    uploaded_at: dt.datetime


def _readable_cv(uow: UnitOfWork, actor: User, expert_id: int) -> tuple[Expert, ExpertCv | None]:
    """The expert and their CV row, if the actor may read CVs of this expert, else NotFound."""
    expert = uow.session.get(Expert, expert_id)
    if expert is None or not rules.cv_reader(uow.session, actor, expert):
        raise NotFound(f"No CV of expert {expert_id} (or you may not see it).")
    return expert, uow.session.get(ExpertCv, expert_id)


def current_cv(uow: UnitOfWork, actor_id: int, expert_id: int) -> FileFacts | None:
    """What the expert's CV is (None: none yet), for those who may read it (else NotFound)."""
    with uow:
        _ctx, actor = acting(uow, actor_id)
        _expert, cv = _readable_cv(uow, actor, expert_id)
        if cv is None:
            return None
        f = cv.file
        return FileFacts(f.original_name, f.media_type, f.size, f.uploaded_at)


def cv_file(uow: UnitOfWork, store: FileStore, actor_id: int, expert_id: int) -> Download:
    """An expert's CV, for staff, PSC, admin and the expert themself; NotFound for anyone else
    (a focal point never reads a CV) and when there is none."""
    with uow:
        _ctx, actor = acting(uow, actor_id)
        _expert, cv = _readable_cv(uow, actor, expert_id)
        if cv is None:
            raise NotFound(f"Expert {expert_id} has no CV yet.")
        return Download(cv.file.original_name, cv.file.media_type, store.get(cv.file.key))
