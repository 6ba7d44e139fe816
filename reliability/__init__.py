"""The reliability suite: faults, crashes, bad input, isolation, several servers.

`python -m reliability` (make reliability) runs each suite in full and prints its figure;
the tests run the same suites in a short form (tests/test_reliability_*.py).
"""
