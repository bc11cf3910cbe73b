"""The ``accord`` command line (DESIGN.md, layer ``cli``)."""
