"""Petitions (phản ánh, kiến nghị); their free-text content is never read."""
