"""Review: claims and their workflow (the state machine as data and one ``transition()``),
evidence (citations, comments, assignment), attribution to organizations, values and history."""
