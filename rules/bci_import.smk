# Real BCI recordings in (data.source: nwb | suite2p): each listed session is read, checked and turned into the
# same canonical tables the simulation writes, so the analysis rules of bci.smk run on them unchanged.
# With data.source: synthetic, the simulated mice can be written out as DANDI-style NWB files instead.
from neuroai.bci.recordings.data_config import mouse_files, mouse_sessions

BCI_NWB_EXPORT = "results/bci/nwb/{condition}/sub-{mouse}"

if config["data"]["source"] != "synthetic":

    rule bci_import:
        """Read one mouse's recorded sessions (NWB or suite2p) into the canonical recording tables."""
        input:
            sessions=lambda wc: mouse_files(config["data"], wc.condition, wc.mouse),
        output:
            **bci_recording_files(),
        log:
            "logs/bci/import/{condition}/{mouse}.log",
        benchmark:
            "benchmarks/bci/import/{condition}/{mouse}.tsv"
        conda:
            "../envs/bci_import.yaml"
        resources:
            mem_mb=2000,
        params:
            source=config["data"]["source"],
            sessions=lambda wc: mouse_sessions(config["data"], wc.condition, wc.mouse),
        script:
            "../scripts/bci_import_recordings.py"

else:

    rule bci_export_nwb:
        """Write one simulated mouse as DANDI-style NWB files plus the data.sessions entries that import them."""
        input:
            **bci_recording_files(),
        output:
            nwb=directory(BCI_NWB_EXPORT),
        log:
            "logs/bci/export_nwb/{condition}/{mouse}.log",
        benchmark:
            "benchmarks/bci/export_nwb/{condition}/{mouse}.tsv"
        conda:
            "../envs/bci_import.yaml"
        script:
            "../scripts/bci_import_export_nwb.py"

    rule bci_nwb:
        """Every simulated mouse as NWB (not part of `all`)."""
        input:
            [BCI_NWB_EXPORT.format(condition=c, mouse=m) for c, m in bci_subjects()],
