"""Sources: the stored text and its normalization, excerpts located in it (W3C TextQuote and
TextPosition selectors), and importing documents."""
