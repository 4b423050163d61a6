# The claims ledger: every study's claims (computed by its statistics job from its tables) in one place.


rule claims_ledger:
    """results/claims.md: each main claim of the three papers, its test on this run, and whether it holds."""
    input:
        claims=[
            rules.bci_stats.output.claims,
            rules.gridcells_stats.output.claims,
            rules.mentalsim_stats.output.claims,
        ],
    output:
        markdown="results/claims.md",
        html=report(
            "results/claims.html",
            caption="../report/claims.rst",
            category=REPORT_CATEGORIES["claims"],
            labels={"table": "claims ledger"},
        ),
    log:
        "logs/claims_ledger.log",
    benchmark:
        "benchmarks/claims_ledger.tsv"
    conda:
        "../envs/bci.yaml"
    params:
        titles={s.STUDY: s.TITLE for s in (bci_schemas, gc_schemas, ms_schemas)},
    script:
        "../scripts/claims_ledger.py"
