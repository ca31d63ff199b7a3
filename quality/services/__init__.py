"""Every write of the quality app with a business rule, split by behaviour:
reports (filing), workflow (review), surveillance (infections, surveys), alerts."""

from quality.services.alerts import send_infection_alerts, send_overdue_alerts
from quality.services.reports import next_reference, notify_serious_event, report_event
from quality.services.surveillance import (
    SurveyImportResult,
    import_survey,
    record_device_days,
    record_infection_case,
    record_survey_response,
    set_infection_threshold,
)
from quality.services.workflow import (
    STEPS,
    TRANSITIONS,
    add_action,
    add_root_cause,
    allowed_steps,
    close_event,
    record_findings,
    reopen_event,
    start_investigation,
    triage_event,
    update_action,
    workflow_stages,
)

__all__ = [
    "STEPS",
    "TRANSITIONS",
    "SurveyImportResult",
    "add_action",
    "add_root_cause",
    "allowed_steps",
    "close_event",
    "import_survey",
    "next_reference",
    "notify_serious_event",
    "record_device_days",
    "record_findings",
    "record_infection_case",
    "record_survey_response",
    "reopen_event",
    "report_event",
    "send_infection_alerts",
    "send_overdue_alerts",
    "set_infection_threshold",
    "start_investigation",
    "triage_event",
    "update_action",
    "workflow_stages",
]
