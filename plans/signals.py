"""What the plans app tells others, so that it needs to know nothing of them.

The review app listens: it keeps revisions and sends notifications.
"""

from django.dispatch import Signal

# Plans' answers were written (see plans.writing): keyword arguments `plans`, `by` (a user or
# None), `reason` (one of the review app's Revision.Reason values: "edit", "import", "admin",
# "restore") and, for a restore, `restored_from`.
plan_saved = Signal()

# A plan moved along the review workflow: keyword argument `event`, the PlanEvent recorded.
plan_transitioned = Signal()
