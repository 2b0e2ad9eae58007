"""Text normalisation shared by the detectors: pure functions, no I/O."""
