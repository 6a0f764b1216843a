"""Flows (the seeds' recipes), one package per connector: badges/, compliance/, screening/.

Each package has a `flows.py` that calls `registry.register(FlowDefinition(...))` at import.
"""
