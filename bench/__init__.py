"""Performance benchmark and load test (run with `python3 dev.py bench` / `python3 dev.py load`)."""
