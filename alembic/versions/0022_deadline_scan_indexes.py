"""The deadline scan's indexes: Activities by state and date.

The scan asks for the planned Activities starting within the experts' lead
(`experts_unconfirmed`) and the held ones whose report is due
(`report_due`, `report_overdue`, `report_escalation`). With one index on the
state and another on the date, PostgreSQL read every planned Activity (a
third of them) to keep a few: at 10,000 Actions, 36,890 rows and 371 ms for
35 due. A compound index (state, date) reads the range of the state alone,
so the scan's cost follows what is due, not the number of Activities.

Revision ID: 0022
Revises: 0019
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_activities_state_planned_start", "activities", ["state", "planned_start"])
    op.create_index("ix_activities_state_report_due_on", "activities", ["state", "report_due_on"])


def downgrade() -> None:
    op.drop_index("ix_activities_state_report_due_on", table_name="activities")
    op.drop_index("ix_activities_state_planned_start", table_name="activities")
