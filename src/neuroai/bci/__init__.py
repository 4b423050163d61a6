"""Study 1: vectorized dendritic instructive signals in a two-group BCI task (Francioni et al., Nature 2026)."""
