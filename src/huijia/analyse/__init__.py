"""Detection and extraction: `analyse(message) -> Finding` and the parts it is made of."""
