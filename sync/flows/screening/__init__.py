"""iCIMS -> Certn -> iCIMS background checks: order on a stage, status and report back."""
