"""Benchmarks: each measurement a pair (baseline, candidate) run in one process, as ratios."""
