"""Size limits shared by accord's own reader and the foreign ones (kept apart from them so
that reading a GENIUS folder does not import the accord format's schema)."""

#: Options one issue may have (a grid, a GENIUS integer issue, a GeniusWeb range...).
MAX_OPTIONS_PER_ISSUE = 100_000
