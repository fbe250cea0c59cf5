"""Text limits, in characters (Unicode code points), declared once: the columns, the service
checks, the input models the API validates with and its OpenAPI schema all read them."""

CLAIM_TEXT = 5_000
EXCERPT_EXACT = 10_000
EXCERPT_CONTEXT = 200  # prefix and suffix
ORGANIZATION_NAME = 300
UNIT = 100
SPEAKER = 200
TYPED_DATE = 40  # a date as people write it: "3 September 2026", "Sept. 3, 2026"
TITLE = 500
PUBLISHER = 300
URL = 2_000
QUOTE = 20_000
COMMENT = 20_000
NOTE = 10_000
