"""Study 3: Mental-Pong and latent future prediction (Nayebi, Rajalingham, Jazayeri & Yang, NeurIPS 2023).

Stimuli (`pong`, `render`, `pretraining_set`), small PyTorch models (`networks`, `training`, `rollout`), a
synthetic or recorded reference population (`synthetic_population`, `recordings`), and the paper's evaluation
(`decoding`, `noise_ceiling`, `stats`, `summary`, `figures`).
"""
