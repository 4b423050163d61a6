# Study 3: Mental-Pong and latent future prediction (Nayebi et al., NeurIPS 2023).
# stimuli + pretraining corpus -> encoders -> models (train, roll out; every training seed) and baselines
# -> evaluation -> model recovery -> statistics -> figures

MS_MODELS = list(MS["models"])
MS_DECODER = {k: MS["evaluation"][k] for k in ("folds", "ridge_alphas")}  # what decoding depends on
MS_TASK_OBJECTIVES = list(MS["task_reference"]["objectives"])
MS_POPULATION = {  # what a population generated from a system's states depends on
    "seed": config["seed"],
    "step_s": MS["task"]["step_s"],
    "synthetic_reference": MS["synthetic_reference"],
    "model_recovery": {k: v for k, v in MS["model_recovery"].items() if k != "min_ranked_first"},
}


wildcard_constraints:
    model="|".join(MS_MODELS),
    encoder="|".join(MS["encoders"]),
    baseline="|".join(MS_BASELINES),
    system="|".join(MS_MODELS + list(MS_BASELINES)),
    replicate=r"\d+",
    generator="|".join(MS_MODELS + MS_TASK_OBJECTIVES),


rule mentalsim_stimuli:
    """The fixed condition set: latent trajectories (table) and low-resolution videos, occluded and visible."""
    input:
        **ms_recordings("conditions"),
    output:
        conditions=f"{MS_OUT}/stimuli/conditions.parquet",
        latents=f"{MS_OUT}/stimuli/latents.parquet",
        videos=f"{MS_OUT}/stimuli/videos.npz",
    log:
        "logs/mentalsim/stimuli.log",
    benchmark:
        "benchmarks/mentalsim/stimuli.tsv"
    conda:
        "../envs/mentalsim.yaml"
    params:
        seed=config["seed"],
        task=MS["task"],
        conditions=MS["conditions"],
    script:
        "../scripts/mentalsim_stimuli.py"


rule mentalsim_pretraining_set:
    """Unoccluded dynamic scenes of a different bouncing world, for self-supervised pretraining."""
    output:
        clips=f"{MS_OUT}/pretraining/clips.npz",
    log:
        "logs/mentalsim/pretraining_set.log",
    benchmark:
        "benchmarks/mentalsim/pretraining_set.tsv"
    conda:
        "../envs/mentalsim.yaml"
    params:
        seed=config["seed"],
        task=MS["task"],
        pretraining_set=MS["pretraining_set"],
    script:
        "../scripts/mentalsim_pretraining_set.py"


rule mentalsim_reference:
    """The reference population: synthetic DMFC-like units, or a lab's recordings validated."""
    input:
        **ms_recordings("neural"),
        conditions=rules.mentalsim_stimuli.output.conditions,
        latents=rules.mentalsim_stimuli.output.latents,
    output:
        neural=f"{MS_OUT}/reference/neural.parquet",
        units=f"{MS_OUT}/reference/units.parquet",
    log:
        "logs/mentalsim/reference.log",
    benchmark:
        "benchmarks/mentalsim/reference.tsv"
    conda:
        "../envs/mentalsim.yaml"
    params:
        seed=config["seed"],
        task=MS["task"],
        synthetic_reference=MS["synthetic_reference"],
    script:
        "../scripts/mentalsim_reference.py"


rule mentalsim_encoder:
    """Pretrain one self-supervised encoder (one training seed) on the pretraining corpus (then frozen)."""
    input:
        clips=rules.mentalsim_pretraining_set.output.clips,
    output:
        weights=f"{MS_OUT}/encoders/{{encoder}}/seed{{replicate}}/weights.pt",
        curve=f"{MS_OUT}/encoders/{{encoder}}/seed{{replicate}}/curve.parquet",
    log:
        "logs/mentalsim/encoder/{encoder}/seed{replicate}.log",
    benchmark:
        "benchmarks/mentalsim/encoder/{encoder}/seed{replicate}.tsv"
    conda:
        "../envs/mentalsim.yaml"
    threads: MS["training"]["threads"]
    params:
        seed=config["seed"],
        spec=lambda wc: MS["encoders"][wc.encoder],
        architecture=MS["architecture"],
        training=MS["training"],
        pixels=MS["task"]["pixels"],
    script:
        "../scripts/mentalsim_encoder.py"


rule mentalsim_model:
    """Train one model class (one training seed) on the corpus, then record its states on Mental-Pong (paper's
    rollout protocol)."""
    input:
        unpack(ms_encoder),
        clips=rules.mentalsim_pretraining_set.output.clips,
        conditions=rules.mentalsim_stimuli.output.conditions,
        videos=rules.mentalsim_stimuli.output.videos,
    output:
        weights=f"{MS_OUT}/models/{{model}}/seed{{replicate}}/weights.pt",
        curve=f"{MS_OUT}/models/{{model}}/seed{{replicate}}/curve.parquet",
        states=f"{MS_OUT}/models/{{model}}/seed{{replicate}}/states.parquet",
    log:
        "logs/mentalsim/model/{model}/seed{replicate}.log",
    benchmark:
        "benchmarks/mentalsim/model/{model}/seed{replicate}.tsv"
    conda:
        "../envs/mentalsim.yaml"
    threads: MS["training"]["threads"]
    params:
        seed=config["seed"],
        spec=lambda wc: MS["models"][wc.model],
        architecture=MS["architecture"],
        training=MS["training"],
        pixels=MS["task"]["pixels"],
    script:
        "../scripts/mentalsim_model.py"


rule mentalsim_baseline:
    """A reference point scored like a model: the true ball state (oracle), no-simulation heuristics, or noise."""
    input:
        conditions=rules.mentalsim_stimuli.output.conditions,
        latents=rules.mentalsim_stimuli.output.latents,
    output:
        states=f"{MS_OUT}/baselines/{{baseline}}/states.parquet",
    log:
        "logs/mentalsim/baseline/{baseline}.log",
    benchmark:
        "benchmarks/mentalsim/baseline/{baseline}.tsv"
    conda:
        "../envs/mentalsim.yaml"
    params:
        # only the random baseline draws, and its size is the models' read-out size
        random=lambda wc: (
            {"seed": config["seed"], "dim": MS["architecture"]["latent_dim"]}
            if wc.baseline == "random"
            else {}
        ),
    script:
        "../scripts/mentalsim_baseline.py"


rule mentalsim_evaluate:
    """Decoding of the hidden ball and neural-predictivity sums for one system (a model's seed, or a baseline)."""
    input:
        states=ms_states,
        oracle=f"{MS_OUT}/baselines/oracle/states.parquet",
        conditions=rules.mentalsim_stimuli.output.conditions,
        latents=rules.mentalsim_stimuli.output.latents,
        neural=rules.mentalsim_reference.output.neural,
    output:
        decoding=f"{MS_OUT}/evaluation/{{system}}/seed{{replicate}}/decoding.parquet",
        predictivity=f"{MS_OUT}/evaluation/{{system}}/seed{{replicate}}/predictivity.parquet",
    log:
        "logs/mentalsim/evaluate/{system}/seed{replicate}.log",
    benchmark:
        "benchmarks/mentalsim/evaluate/{system}/seed{replicate}.tsv"
    conda:
        "../envs/mentalsim.yaml"
    params:
        evaluation=MS_DECODER,
    script:
        "../scripts/mentalsim_evaluate.py"


rule mentalsim_recovery_reference:
    """A reference population generated from one model class's own states (seed 0), for model recovery."""
    input:
        states=f"{MS_OUT}/models/{{generator}}/seed0/states.parquet",
        conditions=rules.mentalsim_stimuli.output.conditions,
        latents=rules.mentalsim_stimuli.output.latents,
    output:
        neural=f"{MS_OUT}/recovery/{{generator}}/neural.parquet",
    log:
        "logs/mentalsim/recovery_reference/{generator}.log",
    benchmark:
        "benchmarks/mentalsim/recovery_reference/{generator}.tsv"
    conda:
        "../envs/mentalsim.yaml"
    params:
        **MS_POPULATION,
    script:
        "../scripts/mentalsim_recovery_reference.py"


rule mentalsim_recovery_evaluate:
    """Every model class's held-out seeds scored against one class's recovery population (occluded epoch)."""
    input:
        neural=rules.mentalsim_recovery_reference.output.neural,
        latents=rules.mentalsim_stimuli.output.latents,
        candidates=ms_recovery_candidates,
    output:
        predictivity=f"{MS_OUT}/recovery/{{generator}}/predictivity.parquet",
    log:
        "logs/mentalsim/recovery_evaluate/{generator}.log",
    benchmark:
        "benchmarks/mentalsim/recovery_evaluate/{generator}.tsv"
    conda:
        "../envs/mentalsim.yaml"
    params:
        evaluation=MS_DECODER,
    script:
        "../scripts/mentalsim_recovery_evaluate.py"


rule mentalsim_task_rnn:
    """A recurrent network trained on Mental-Pong itself with one objective (simulate | endpoint), on its own
    sampled conditions; its hidden states on the evaluation set."""
    input:
        conditions=rules.mentalsim_stimuli.output.conditions,
    output:
        weights=f"{MS_OUT}/task_reference/{{generator,{'|'.join(MS_TASK_OBJECTIVES)}}}/weights.pt",
        curve=f"{MS_OUT}/task_reference/{{generator}}/curve.parquet",
        states=f"{MS_OUT}/task_reference/{{generator}}/states.parquet",
    log:
        "logs/mentalsim/task_rnn/{generator}.log",
    benchmark:
        "benchmarks/mentalsim/task_rnn/{generator}.tsv"
    conda:
        "../envs/mentalsim.yaml"
    threads: MS["task_reference"]["threads"]
    params:
        seed=config["seed"],
        task=MS["task"],
        spec={k: v for k, v in MS["task_reference"].items() if k not in ("objectives", "min_ranked_first")},
    script:
        "../scripts/mentalsim_task_rnn.py"


use rule mentalsim_recovery_reference as mentalsim_task_reference with:
    input:
        states=rules.mentalsim_task_rnn.output.states,
        conditions=rules.mentalsim_stimuli.output.conditions,
        latents=rules.mentalsim_stimuli.output.latents,
    output:
        neural=f"{MS_OUT}/task_reference/{{generator}}/neural.parquet",
    log:
        "logs/mentalsim/task_reference/{generator}.log",
    benchmark:
        "benchmarks/mentalsim/task_reference/{generator}.tsv"


use rule mentalsim_recovery_evaluate as mentalsim_task_reference_evaluate with:
    input:
        neural=rules.mentalsim_task_reference.output.neural,
        latents=rules.mentalsim_stimuli.output.latents,
        candidates=ms_task_reference_candidates,
    output:
        predictivity=f"{MS_OUT}/task_reference/{{generator}}/predictivity.parquet",
    log:
        "logs/mentalsim/task_reference_evaluate/{generator}.log",
    benchmark:
        "benchmarks/mentalsim/task_reference_evaluate/{generator}.tsv"


rule mentalsim_reference_decoding:
    """The same decoders applied to the reference population (all trials and each split half)."""
    input:
        conditions=rules.mentalsim_stimuli.output.conditions,
        latents=rules.mentalsim_stimuli.output.latents,
        neural=rules.mentalsim_reference.output.neural,
    output:
        decoding=f"{MS_OUT}/reference/decoding.parquet",
    log:
        "logs/mentalsim/reference_decoding.log",
    benchmark:
        "benchmarks/mentalsim/reference_decoding.tsv"
    conda:
        "../envs/mentalsim.yaml"
    params:
        evaluation=MS_DECODER,
    script:
        "../scripts/mentalsim_reference_decoding.py"


rule mentalsim_stats:
    """Bootstrap CIs over conditions, contrasts against the best model, and the readable summary."""
    input:
        decoding=ms_evaluations("decoding") + [rules.mentalsim_reference_decoding.output.decoding],
        predictivity=ms_evaluations("predictivity"),
        recovery=expand(rules.mentalsim_recovery_evaluate.output.predictivity, generator=MS_MODELS),
        task_reference=expand(
            rules.mentalsim_task_reference_evaluate.output.predictivity,
            generator=MS_TASK_OBJECTIVES,
        ),
        units=rules.mentalsim_reference.output.units,
    output:
        **{s: f"{MS_OUT}/stats/{s}.parquet" for s in ms_schemas.STATS_TABLE_NAMES},
        claims=f"{MS_OUT}/stats/claims.parquet",
        key_statistics=report_statistics(f"{MS_OUT}/stats/key_statistics.html", "mentalsim"),
        summary=f"{MS_OUT}/stats/summary.md",
    log:
        "logs/mentalsim/stats.log",
    benchmark:
        "benchmarks/mentalsim/stats.tsv"
    conda:
        "../envs/mentalsim.yaml"
    params:
        seed=config["seed"],
        models=MS["models"],
        encoders=MS["encoders"],
        evaluation=MS["evaluation"],
        reference=MS["reference"],
        min_ranked_first=MS["model_recovery"]["min_ranked_first"],
        task_min_ranked_first=MS["task_reference"]["min_ranked_first"],
    script:
        "../scripts/mentalsim_stats.py"


rule mentalsim_figures:
    """Every Mental-Pong figure, PDF and PNG, in the shared style."""
    input:
        conditions=rules.mentalsim_stimuli.output.conditions,
        latents=rules.mentalsim_stimuli.output.latents,
        videos=rules.mentalsim_stimuli.output.videos,
        estimates=rules.mentalsim_stats.output.estimates,
        recovery=rules.mentalsim_stats.output.recovery,
        task_reference=rules.mentalsim_stats.output.task_reference,
    output:
        **figure_outputs("mentalsim", f"{MS_OUT}/figures", ms_schemas.FIGURE_NAMES),
    log:
        "logs/mentalsim/figures.log",
    benchmark:
        "benchmarks/mentalsim/figures.tsv"
    conda:
        "../envs/mentalsim.yaml"
    params:
        style=config["figures"],
        task=MS["task"],
        models=MS["models"],
        encoders=MS["encoders"],
        task_min_ranked_first=MS["task_reference"]["min_ranked_first"],
    script:
        "../scripts/mentalsim_figures.py"


rule mentalsim:
    """All outputs of the Mental-Pong study."""
    input:
        rules.mentalsim_figures.output,
        rules.mentalsim_stats.output,
