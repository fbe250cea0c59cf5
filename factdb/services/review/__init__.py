"""Review: claims and their workflow (the state machine as data and one ``transition()``),
evidence (citations, comments, assignment), attribution to organizations, values, history, and
what a refused form needs to be sent again."""
