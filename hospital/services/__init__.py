"""Every write of the core with a rule, by behaviour: notifications, departments,
users, census, background exports. Apps call these (e.g. `notify`), never the models directly."""

from hospital.services.census import CensusImportResult, import_census, may_enter_census, record_census_day
from hospital.services.departments import create_department, update_department, validate_department_parent
from hospital.services.exports import build_export, delete_expired_exports, fail_export, start_export
from hospital.services.notifications import (
    mark_notifications_read,
    notify,
    notify_many,
    open_notification,
    send_notification_emails,
)
from hospital.services.users import create_user, update_user

__all__ = [
    "CensusImportResult",
    "build_export",
    "create_department",
    "create_user",
    "delete_expired_exports",
    "fail_export",
    "import_census",
    "may_enter_census",
    "mark_notifications_read",
    "notify",
    "notify_many",
    "open_notification",
    "record_census_day",
    "send_notification_emails",
    "start_export",
    "update_department",
    "update_user",
    "validate_department_parent",
]
