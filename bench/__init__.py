"""Benchmarks: each bench_*.py module has run(results) appending ratio-against-baseline entries."""
