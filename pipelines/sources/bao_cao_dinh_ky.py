"""Periodic reports due to the city, and how they were sent."""
