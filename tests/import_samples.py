"""Documents the import tests serve and upload: a news page with boilerplate, metadata,
a table, an SVG icon and ClaimReview markup; a three-page PDF made with WeasyPrint."""

from __future__ import annotations

import json
from functools import cache

CLAIM_REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "claimReviewed": "The ferry carries 12 million passengers a year.",
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
    "author": {"@type": "Organization", "name": "Example Checks"},
}
ARTICLE_HTML = f"""<!doctype html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Ferry timetable changes | Example News</title>
<meta property="og:title" content="Ferry timetable changes">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-03-04T09:30:00Z">
<link rel="canonical" href="https://news.example.org/ferries">
<script type="application/ld+json">{json.dumps(CLAIM_REVIEW)}</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/vouchers">Voucher Codes</a></li></ul></nav>
<header><h1>Ferry timetable changes<svg><title>Share on Facebook</title></svg></h1></header>
<article>
<p>The Bay Ferry Company said on Friday that it will add six winter sailings a week from
December, after passenger numbers rose by a fifth last year.</p>
<p>The company said the extra sailings would run on weekday mornings, when demand from
commuters is highest, and that fares would not change before the spring.</p>
<table><tr><th>Service</th><th>Sailings</th></tr>
<tr><td>Ferries</td><td>12</td></tr><tr><td>Buses</td><td>7</td></tr></table>
<p>Critics said the timetable still left island residents without an evening service,
and called on the regional council to fund a later sailing.</p>
</article>
<aside><p>Subscribe to our newsletter for the latest news.</p></aside>
<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer>
</body></html>
"""
PDF_PAGES = [
    "The transit agency carried 41 million passen&shy;gers through the metro&shy;politan "
    "network in 2023.",
    "Ridership rose 14 per cent in 2023 compared with the year before.",
    "The agency will open three new stations by June 2026.",
]


@cache
def three_page_pdf() -> bytes:
    """A PDF with a running header and page-numbered footer on each of its three pages."""
    import weasyprint

    style = (
        "@page { size: A6; margin: 2cm 1cm;"
        " @top-center { content: 'Annual Transit Report 2024' }"
        " @bottom-center { content: 'Page ' counter(page) ' of 3' } }"
        " p { font-size: 10pt; width: 3.3cm } .page { page-break-after: always; }"
    )
    body = "".join(f'<div class="page"><p>{text}</p></div>' for text in PDF_PAGES)
    html = f"<html><head><title>Transit report</title><style>{style}</style></head>"
    return weasyprint.HTML(string=f"{html}<body>{body}</body></html>").write_pdf()


@cache
def scanned_pdf() -> bytes:
    """A PDF whose only page is an image (no text layer), like a scan."""
    import weasyprint

    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4"
        "DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
    )
    html = f'<html><body><img src="{pixel}" style="width:10cm;height:14cm"></body></html>'
    return weasyprint.HTML(string=html).write_pdf()
