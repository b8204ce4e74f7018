"""What the plans app tells others, so that it needs to know nothing of them.

The review app listens: it keeps revisions and sends notifications.
"""

from django.dispatch import Signal

# A plan's answers were saved: keyword arguments `plan`, `by` (a user or None) and `reason`
# (one of the review app's Revision.Reason values: "edit", "import", "admin", "restore").
plan_saved = Signal()

# A plan moved along the review workflow: keyword argument `event`, the PlanEvent recorded.
plan_transitioned = Signal()
