"""neuroai: reproducible simulations and analyses of three NeuroAI studies."""
