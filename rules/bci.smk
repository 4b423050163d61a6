# Study 1: dendritic instructive signals in a BCI task (Francioni et al., Nature 2026).

BCI = config["bci"]
BCI_FIGURES = []


rule bci:
    input:
        BCI_FIGURES,
