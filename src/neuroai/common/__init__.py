"""Pieces every study shares: seeding, atomic table/figure I/O, config validation, plot style."""
