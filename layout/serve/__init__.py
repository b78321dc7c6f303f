"""`layout serve`: a live page view of an edition, with the fit report drawn over it."""
