"""What the review workflow announces, for capabilities that follow claims (tracking) without
the workflow knowing them. Receivers run inside the sender's transaction.

- ``claim_saved``: a claim was created or its content edited; ``send(session, claim=claim)``.
- ``verdict_given``: a claim became verified, refuted or unverifiable; same arguments.
"""

from blinker import Namespace

_signals = Namespace()
claim_saved = _signals.signal("claim-saved")
verdict_given = _signals.signal("verdict-given")
