"""Tests of station_client.rules."""
