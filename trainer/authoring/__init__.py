"""Authoring: question, rubric and scenario editors; paper import; exchange downloads and uploads."""
