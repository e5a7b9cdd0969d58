"""Staff register, appointments sheet."""
