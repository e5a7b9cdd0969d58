"""Organisation units (snapshot): arrangement, headcount quota, founding decision."""
