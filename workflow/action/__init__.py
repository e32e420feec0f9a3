"""The Action lifecycle: the Fiche, the PSC's vote, implementation, evaluation."""
