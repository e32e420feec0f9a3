"""The same approval path run by SpiffWorkflow, as a stateless web app must run it.

Eleven user tasks in BPMN: the partner's validation, the submission, three
PSC members voting in parallel (a parallel gateway joins them), the activity's
schedule, held, report and acceptance, then the end of implementation and the
close. Each step loads the serialized workflow from the database (row locked),
completes one task, serializes it and saves it, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import sqlalchemy as sa
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy.orm import Session, sessionmaker

VOTERS = ("vote_1", "vote_2", "vote_3")
BEFORE = ("validate_fiche", "submit_to_psc")
AFTER = (
    "schedule",
    "mark_held",
    "submit_report",
    "accept_report",
    "complete_implementation",
    "close",
)
STEPS = (*BEFORE, *VOTERS, *AFTER)  # the 11 steps, in order


BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def _bpmn() -> str:
    def task(name: str) -> str:
        return f'<bpmn:userTask id="{name}" name="{name}"/>'

    def flow(source: str, target: str) -> str:
        return (
            f'<bpmn:sequenceFlow id="f_{source}_{target}" '
            f'sourceRef="{source}" targetRef="{target}"/>'
        )

    chain_before = ["start", *BEFORE, "fork"]
    chain_after = ["join", *AFTER, "end"]
    flows = [flow(a, b) for a, b in pairwise(chain_before)]
    flows += [flow("fork", v) for v in VOTERS] + [flow(v, "join") for v in VOTERS]
    flows += [flow(a, b) for a, b in pairwise(chain_after)]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="{BPMN}" id="d" targetNamespace="x">
<bpmn:process id="action" isExecutable="true">
<bpmn:startEvent id="start"/>
{"".join(task(t) for t in STEPS)}
<bpmn:parallelGateway id="fork"/>
<bpmn:parallelGateway id="join"/>
<bpmn:endEvent id="end"/>
{"".join(flows)}
</bpmn:process>
</bpmn:definitions>"""


SERIALIZER = BpmnWorkflowSerializer()
METADATA = sa.MetaData()
INSTANCES = sa.Table(
    "bench_spiff_instances",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("state", sa.Text, nullable=False),
)


def new_instances(engine: sa.Engine, count: int) -> list[int]:
    """`count` workflows at their first task, saved; their ids."""
    parser = BpmnParser()
    parser.add_bpmn_str(_bpmn().encode())
    spec = parser.get_spec("action")
    METADATA.drop_all(engine)
    METADATA.create_all(engine)
    workflow = BpmnWorkflow(spec)
    workflow.do_engine_steps()
    state = SERIALIZER.serialize_json(workflow)
    with engine.begin() as connection:
        connection.execute(
            INSTANCES.insert(), [{"id": i, "state": state} for i in range(1, count + 1)]
        )
    return list(range(1, count + 1))


def step(factory: sessionmaker[Session], instance: int, name: str) -> None:
    """Load, complete the task `name` with its data, serialize and save: one transaction."""
    with factory() as session:
        saved = session.scalar(
            sa.select(INSTANCES.c.state).where(INSTANCES.c.id == instance).with_for_update()
        )
        workflow = SERIALIZER.deserialize_json(saved)
        task = workflow.get_next_task(state=TaskState.READY, manual=True, spec_name=name)
        if task is None:
            raise RuntimeError(f"{name} is not ready in workflow {instance}")
        task.data["decision"] = "approve"
        task.run()
        workflow.do_engine_steps()
        session.execute(
            sa.update(INSTANCES)
            .where(INSTANCES.c.id == instance)
            .values(state=SERIALIZER.serialize_json(workflow))
        )
        session.commit()


def path(factory: sessionmaker[Session]) -> Callable[[int], list[Callable[[], None]]]:
    """The 11 steps of one instance, each a call."""

    def steps(instance: int) -> list[Callable[[], None]]:
        return [lambda n=name: step(factory, instance, n) for name in STEPS]

    return steps
