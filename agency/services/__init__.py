from .advice import (
    AdviceOutcomeInvalid,
    AdviceRequestClosed,
    advice_note_add,
    advice_reply_send,
    advice_request_answer,
    advice_request_assign,
    advice_request_close,
    advice_request_create,
    advice_request_set_status,
    advice_request_unassign,
    advice_request_update,
    advice_request_withdraw,
    organisation_profile_save,
)
from .hubs import hub_report_missing, hub_report_rows

__all__ = [
    "AdviceOutcomeInvalid",
    "AdviceRequestClosed",
    "advice_note_add",
    "advice_reply_send",
    "advice_request_answer",
    "advice_request_assign",
    "advice_request_close",
    "advice_request_create",
    "advice_request_set_status",
    "advice_request_unassign",
    "advice_request_update",
    "advice_request_withdraw",
    "hub_report_missing",
    "hub_report_rows",
    "organisation_profile_save",
]
