"""Errors raised by services; views turn them into clear Dutch messages."""

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A request that the rules of the domain refuse. Nothing was changed."""


class ConcurrentEditError(ServiceError):
    """Someone else saved the same record first; the edit was not applied."""
