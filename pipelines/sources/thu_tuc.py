"""The commune's procedure catalogue (snapshot): levels, eligibility and in-force dates."""
