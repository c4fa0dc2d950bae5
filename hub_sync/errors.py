"""Root of the hub's error hierarchy."""


class HubError(Exception):
    """Something the hub could not do; the message says what and why."""


class ModelError(HubError):
    """The data model was used in a way it does not allow."""
