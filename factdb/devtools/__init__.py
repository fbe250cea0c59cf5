"""Development tools: benchmark data, evaluators and sample generation. Nothing under
``factdb.services`` imports this package."""
