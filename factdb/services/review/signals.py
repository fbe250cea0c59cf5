"""What the review workflow announces, for capabilities that follow claims (tracking,
notifications) without the workflow knowing them. Receivers run inside the sender's
transaction.

- ``claim_saved``: a claim was created or its content edited; ``send(session, claim=claim)``.
- ``verdict_given``: a claim became verified, refuted or unverifiable; same arguments.
- ``claim_assigned``: an editor assigned a claim to someone else than before;
  ``send(session, claim=claim, actor=actor)`` (the assignee is ``claim.assignee_id``).
- ``claim_moved``: any workflow move; ``send(session, claim=claim, actor=actor,
  previous=from_status, note=note)`` (the new status is ``claim.status``).
- ``comment_added``: ``send(session, claim=claim, actor=actor, comment=comment)``.
- ``comment_edited``: a comment was reworded; same arguments and ``previous=old_body``.
"""

from blinker import Namespace

_signals = Namespace()
claim_saved = _signals.signal("claim-saved")
verdict_given = _signals.signal("verdict-given")
claim_assigned = _signals.signal("claim-assigned")
claim_moved = _signals.signal("claim-moved")
comment_added = _signals.signal("comment-added")
comment_edited = _signals.signal("comment-edited")
