"""Referral packages for the police: the evidence of chosen cases, with hashes a receiver can verify."""
