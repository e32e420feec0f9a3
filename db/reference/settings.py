"""The programme's numeric rules with their defaults: settings, never constants."""

from __future__ import annotations

SETTINGS: tuple[tuple[str, object, str], ...] = (
    ("rapid_reaction_days", 90, "Days from receipt to the first activity taking place."),
    ("rapid_reaction_warning_day", 76, "Day after receipt of the rapid-reaction warning."),
    ("eligibility_days", 15, "Days from receipt to the eligibility decision."),
    ("psc_vote_days", 10, "Days from submission to the PSC decision."),
    ("psc_min_voters", 1, "Smallest PSC electorate a Fiche may be submitted to."),
    (
        "silence_procedure",
        False,
        "At the vote deadline, count members who did not vote as approving.",
    ),
    ("report_due_days", 30, "Days after an activity ends that its report is due."),
    ("report_return_days", 14, "Days after a report is returned that the new one is due."),
    ("min_activities", 1, "Fewest non-cancelled activities a Fiche may have."),
    ("max_activities", 12, "Most non-cancelled activities a Fiche or Action may have."),
    ("usual_activities_min", 6, "Below this many activities the UI warns."),
    ("usual_activities_max", 7, "Above this many activities the UI warns."),
    ("experts_confirmed_days", 14, "Days before a planned activity's start its experts are due."),
    ("evaluation_days", 60, "Days in evaluation before the evaluation is due."),
    ("reminder_hour", 7, "UTC hour from which a day's reminders are due."),
    ("catch_up_days", 7, "Days late a missed reminder is still sent (older ones are dropped)."),
    ("programme_manager", None, "Username of the programme manager (unset: every admin)."),
    ("token_expiry_days", 30, "Days an API token stays valid."),
    ("outbox_max_attempts", 8, "Failed sends of an e-mail before it is given up as failed."),
    ("invitation_expiry_days", 7, "Days an invitation's link to set a password stays valid."),
    ("reset_expiry_minutes", 60, "Minutes a password-reset link stays valid."),
    ("login_window_minutes", 15, "Minutes over which failed logins are counted."),
    ("login_failures_per_account", 5, "Failed logins to one account before it must wait."),
    ("login_failures_per_address", 20, "Failed logins from one address before it must wait."),
    (
        "upload_max_mb",
        20,
        "Largest file (in MB) that may be uploaded: deliverables, report files, CVs.",
    ),
)
