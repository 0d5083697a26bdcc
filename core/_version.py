"""The version of the engine (stamped on every Result and printed by ``python -m core --version``)."""

__version__ = "0.1.0"
