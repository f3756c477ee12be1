"""The offline scoring engine: no network, deterministic, Chinese and English."""

from trainer.grading.offline.engine import OfflineEngine

__all__ = ["OfflineEngine"]
