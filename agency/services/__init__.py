from .advice import (
    advice_note_add,
    advice_reply_send,
    advice_request_answer,
    advice_request_assign,
    advice_request_close,
    advice_request_create,
    advice_request_log_changes,
    advice_request_set_status,
    advice_request_withdraw,
    organisation_profile_save,
)
from .hubs import hub_report_file, hub_report_missing, hub_report_reminders_send, hub_report_rows

__all__ = [
    "advice_note_add",
    "advice_reply_send",
    "advice_request_answer",
    "advice_request_assign",
    "advice_request_close",
    "advice_request_create",
    "advice_request_log_changes",
    "advice_request_set_status",
    "advice_request_withdraw",
    "hub_report_file",
    "hub_report_missing",
    "hub_report_reminders_send",
    "hub_report_rows",
    "organisation_profile_save",
]
