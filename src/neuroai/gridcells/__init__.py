"""Study 2: self-supervised path integration that yields grid cells (Schaeffer et al., NeurIPS 2023)."""
