"""Every write in Min Sida, one module per subject."""
