"""Staff register, headcount sheet: state-paid public-service headcount at dated points."""
