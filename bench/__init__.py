"""Benchmarks: each prints its figures and the ratio against a baseline run in the same process."""
