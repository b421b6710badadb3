"""The allowance screens of case officers and approvers: households, persons, decisions, payment runs.

Views are thin: they open what the URL names (protected persons through the registry's audited
reads), parse a form, call a service and redirect with a message. When a service refuses, its
message is shown on the field at fault and the page is sent again with status 400. Reads that
build a page's figures are in ``lika.allowance.selectors``; audited downloads in the services.
"""

from lika.allowance.views.decisions import decision, decision_pdf
from lika.allowance.views.households import (
    household,
    household_decisions_issue,
    index,
    month_decisions_issue,
    worklist,
)
from lika.allowance.views.impact import impact_create, impact_detail, impact_list, impact_pdf
from lika.allowance.views.persons import (
    card_account_set,
    card_change,
    card_exception_create,
    card_exception_end,
    card_order,
    person,
    reduction_decide,
)
from lika.allowance.views.runs import (
    run_approve,
    run_cancel,
    run_card_loads,
    run_detail,
    run_execute,
    run_list,
    run_payment_file,
    run_payments_list,
    run_prepare,
)

__all__ = [
    "card_account_set",
    "card_change",
    "card_exception_create",
    "card_exception_end",
    "card_order",
    "decision",
    "decision_pdf",
    "household",
    "household_decisions_issue",
    "impact_create",
    "impact_detail",
    "impact_list",
    "impact_pdf",
    "index",
    "month_decisions_issue",
    "person",
    "reduction_decide",
    "run_approve",
    "run_cancel",
    "run_card_loads",
    "run_detail",
    "run_execute",
    "run_list",
    "run_payment_file",
    "run_payments_list",
    "run_prepare",
    "worklist",
]
