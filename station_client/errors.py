"""Root of the station's error hierarchy; each package derives its own from here."""


class StationError(Exception):
    """Something the station could not do; the message says what and why."""
