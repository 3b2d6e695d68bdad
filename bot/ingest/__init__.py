"""Fetching sources and turning what they return into clean entries."""
