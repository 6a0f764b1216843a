"""The sandbox demo: seeders for each emulator, connection and lookup table (see `seeders.py`)."""
