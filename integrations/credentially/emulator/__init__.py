"""The Credentially sandbox emulator: its REST API, webhook sender, vendor-side actions and seeds."""
