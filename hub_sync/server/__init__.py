"""The district hub server (FastAPI): never imported by the station."""
