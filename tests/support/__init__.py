"""Helpers shared by test packages: the scripted OpenAI-compatible server and its fixtures."""
