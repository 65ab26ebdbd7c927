"""An example xxgk-lint rule plug-in (see README.md)."""

__version__ = "0.1.0"
