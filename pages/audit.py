"""The audit trail, for administrators: sign-ins, observations, proposals, reviews, imports, backups."""

from heritage.ui.audit_page import audit_page
from heritage.ui.navigation import within_app

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

audit_page()
