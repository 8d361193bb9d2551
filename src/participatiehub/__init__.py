"""Participatiehub: the platform of the regional participation hubs."""

__version__ = "0.1.0"
