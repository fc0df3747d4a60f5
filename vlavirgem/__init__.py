"""vlavirgem: who cooperates with whom among Flemish local governments, and with what."""

__version__ = "0.1.0"
