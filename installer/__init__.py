"""Packaging the station (PyInstaller bundle, Debian package, update payload, Windows
installer script) and the hub's deployment files; see installer/README.md."""
