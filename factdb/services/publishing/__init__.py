"""Publishing: ratings given with verdicts, the publication step and public pages, ClaimReview
out (pages, reports, feed) and in (imported fact-checks), and Web Annotation export."""
