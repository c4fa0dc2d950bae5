"""The district hub and what both sides of sync agree on: data model, protocol, merge rules."""

__version__ = "0.1.0"
