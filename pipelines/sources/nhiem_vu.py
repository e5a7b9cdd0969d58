"""Tasks assigned by the city, from the e-office task tracker."""
