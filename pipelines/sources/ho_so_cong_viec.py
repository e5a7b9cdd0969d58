"""E-office work files; an empty secrecy level means Thường."""
