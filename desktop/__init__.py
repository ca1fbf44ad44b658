"""Union Desk: the offline office application of an upper-level trade union."""

__version__ = "0.1.0"
