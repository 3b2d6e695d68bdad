"""Many sorted names in little memory: one UTF-8 block and where each name starts.

The gazetteer keeps its 267,000 names this way, and its builder writes them; both take the
packing from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import numpy as np
from numpy.typing import NDArray


class PackedNames(Sequence[str]):
    """Sorted names as one UTF-8 block and where each starts: 4 MB where a list of 267,000
    ``str`` objects took 21. Indexing decodes one name; :func:`bisect.bisect_left` works
    on it as on a list (UTF-8 keeps code-point order, and names are compared decoded)."""

    def __init__(self, block: NDArray[np.uint8], starts: NDArray[np.int64]) -> None:
        self._block = block.tobytes()
        self._starts = starts.tolist()  # ints: slicing with numpy scalars is slower

    @classmethod
    def pack(cls, names: list[str]) -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
        """The two tables that store ``names`` (sorted)."""
        encoded = [name.encode() for name in names]
        starts = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=starts[1:])
        return np.frombuffer(b"".join(encoded), dtype=np.uint8), starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        starts = self._starts
        if index < 0:
            index += len(starts) - 1
        if not 0 <= index < len(starts) - 1:
            raise IndexError(index)
        return self._block[starts[index] : starts[index + 1]].decode()
