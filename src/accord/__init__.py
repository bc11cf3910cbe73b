"""accord: model, analyze, simulate and forecast multi-party negotiations."""

__version__ = "0.1.0"
