"""A static multilingual word embedding (WordLlama ``l2_supercat`` 256-d, shipped in the ``wordllama`` wheel).

Loaded straight from the wheel's own files (the package's loader looks for ``tokenizer/`` while the file sits
in ``tokenizers/``, and may try the network): a 32k × 256 table and a tokenizer, in ~0.1 s. A text's vector
is the mean of its token vectors. It is one signal among several: alone it is weaker than character overlap
on Chinese, whose characters it mostly sees as bytes.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import Any

import numpy as np


def _wordllama_dir() -> Path | None:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def _model() -> tuple[Any, np.ndarray] | None:
    base = _wordllama_dir()
    if base is None:
        return None
    weights = base / "weights" / "l2_supercat_256.safetensors"
    tok_file = base / "tokenizers" / "l2_supercat_tokenizer_config.json"
    if not weights.exists() or not tok_file.exists():
        return None
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    table = load_file(str(weights))["embedding.weight"].astype(np.float32)
    tokenizer = Tokenizer.from_file(str(tok_file))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer, table


def available() -> bool:
    """Whether the embedding files are installed (the table is loaded to tell)."""
    return _model() is not None


def loaded() -> bool:
    """Whether the table has been read (or found missing) in this process."""
    return _model.cache_info().currsize > 0


def sums(texts: list[str]) -> list[tuple[np.ndarray, int]]:
    """For each text, the sum of its token vectors and the token count (so spans can be merged)."""
    model = _model()
    if model is None or not texts:
        return [(np.zeros(1, dtype=np.float32), 0) for _ in texts]
    tokenizer, table = model
    rows = table.shape[0]
    ids: list[int] = []
    starts: list[int] = []
    counts: list[int] = []
    for text in texts:  # one by one: the batch call's thread pool costs more than it saves on short texts
        these = [i for i in tokenizer.encode(text, add_special_tokens=False).ids if i < rows]
        starts.append(len(ids))
        counts.append(len(these))
        ids.extend(these)
    if not ids:
        return [(np.zeros(table.shape[1], dtype=np.float32), 0) for _ in texts]
    summed = np.add.reduceat(table[ids], [min(s, len(ids) - 1) for s in starts], axis=0)
    zero = np.zeros(table.shape[1], dtype=np.float32)
    return [(summed[k] if counts[k] else zero, counts[k]) for k in range(len(texts))]


def unit(vector: np.ndarray) -> np.ndarray:
    """``vector`` scaled to length 1 (a zero vector stays zero)."""
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
