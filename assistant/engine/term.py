"""Step 1, the contract term (ASC 606-10-25-3): stated term, termination rights, penalties.

The accounting contract term is the period in which the parties have present enforceable
rights and obligations. A customer's right to terminate for convenience without a
*substantive* termination penalty limits it to the non-cancellable notice period; a
substantive penalty (one that compels the customer to perform, e.g. paying every remaining
fee) leaves the stated term in place. That reading is the one the FASB/IASB Transition
Resource Group discussed for termination clauses (its October 2014 meeting) and
the Big 4 revenue guides apply. Whether a fixed fee is substantive is a judgment: the engine
states the fee as a share of the fixed consideration the customer would avoid by
terminating, and flags it.
"""

from assistant.engine._contract_term import CUSTOMER_SIDE, ContractTerm, contract_term
from assistant.engine._penalty import TRG_VIEW, PenaltyAssessment, assess_penalty
from assistant.engine._renewal import renewal_conclusion
from assistant.engine._stated_term import StatedTerm, duration_months, notice_months, stated_term

__all__ = [
    "CUSTOMER_SIDE",
    "TRG_VIEW",
    "ContractTerm",
    "PenaltyAssessment",
    "StatedTerm",
    "assess_penalty",
    "contract_term",
    "duration_months",
    "notice_months",
    "renewal_conclusion",
    "stated_term",
]
