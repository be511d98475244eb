"""Map character offsets between the text the extractor read and the gold text.

`make_article` may normalise text (mojibake, whitespace), so evidence offsets into
`article.text` need mapping back to the gold document before they are compared.
"""
from __future__ import annotations

from collections.abc import Callable
from difflib import SequenceMatcher


def offset_mapper(src: str, dst: str) -> Callable[[int], int]:
    """Return f(i): offset i in `src` -> the corresponding offset in `dst`.

    Identity when the texts are equal. Otherwise characters inside matching blocks map exactly;
    an offset inside an edited stretch maps to the start of the next matching block (or the end of
    `dst`), which keeps a mapped [start, end) span ordered and inside `dst`.
    """
    if src == dst:
        return lambda i: i
    table = [-1] * (len(src) + 1)
    for a, b, n in SequenceMatcher(None, src, dst, autojunk=False).get_matching_blocks():
        for k in range(n + 1 if a + n <= len(src) else n):
            table[a + k] = b + k
    nxt = len(dst)
    for i in range(len(src), -1, -1):
        if table[i] < 0:
            table[i] = nxt
        else:
            nxt = table[i]

    def f(i: int) -> int:
        return table[min(max(i, 0), len(src))]
    return f
