"""RenShe Station (人社服务站): the station client used at town and village service points."""

__version__ = "0.1.0"
