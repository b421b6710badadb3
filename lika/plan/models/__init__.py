"""The plan's models: its areas, measures and indicators (plan.py), and the studies of newcomers' needs (studies.py)."""
