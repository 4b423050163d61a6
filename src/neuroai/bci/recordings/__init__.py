"""Real two-photon BCI recordings in and out: NWB (as published on DANDI) and suite2p readers, an NWB writer for
the canonical tables, and the checks that make a bad file fail early with its name and the offending field.

Every reader yields `SessionRecording`s; `mouse_tables` turns a mouse's sessions into exactly the canonical tables
of `neuroai.bci.schemas` that the synthetic generator writes, so the analysis cannot tell the sources apart.
"""
