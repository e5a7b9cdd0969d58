"""Attestations of the attested targets, from the register kept by the plan's coordinator."""
