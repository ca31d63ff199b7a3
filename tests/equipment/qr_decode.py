"""A small QR decoder for the label tests: reads the symbol segno draws as an SVG path back
into its modules and decodes it (versions 1-6, byte mode, no damaged modules), so the test
checks what a phone would read rather than comparing two drawings. No decoder library is
installed; this follows ISO/IEC 18004 (format information, masks, codeword placement,
block interleaving) for the symbols the labels use.
"""

import re

# (version, error level) -> (number of blocks, data codewords per block) for the first group,
# and the second group if any (versions 1-6).
BLOCKS = {
    (1, "L"): [(1, 19)], (1, "M"): [(1, 16)], (1, "Q"): [(1, 13)], (1, "H"): [(1, 9)],
    (2, "L"): [(1, 34)], (2, "M"): [(1, 28)], (2, "Q"): [(1, 22)], (2, "H"): [(1, 16)],
    (3, "L"): [(1, 55)], (3, "M"): [(1, 44)], (3, "Q"): [(2, 17)], (3, "H"): [(2, 13)],
    (4, "L"): [(1, 80)], (4, "M"): [(2, 32)], (4, "Q"): [(2, 24)], (4, "H"): [(4, 9)],
    (5, "L"): [(1, 108)], (5, "M"): [(2, 43)], (5, "Q"): [(2, 15), (2, 16)], (5, "H"): [(2, 11), (2, 12)],
    (6, "L"): [(2, 68)], (6, "M"): [(4, 27)], (6, "Q"): [(4, 19)], (6, "H"): [(4, 15)],
}  # fmt: skip
LEVELS = {1: "L", 0: "M", 3: "Q", 2: "H"}
MASKS = [
    lambda x, y: (x + y) % 2 == 0,
    lambda x, y: y % 2 == 0,
    lambda x, y: x % 3 == 0,
    lambda x, y: (x + y) % 3 == 0,
    lambda x, y: (x // 3 + y // 2) % 2 == 0,
    lambda x, y: x * y % 2 + x * y % 3 == 0,
    lambda x, y: (x * y % 2 + x * y % 3) % 2 == 0,
    lambda x, y: ((x + y) % 2 + x * y % 3) % 2 == 0,
]


def modules_of_svg(svg: str, *, border: int) -> list[list[bool]]:
    """The dark modules of segno's SVG path ("M x y", then "h n" runs and "m dx dy" moves)."""
    d = re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)
    runs, x, y = [], 0.0, 0.0
    for command, numbers in re.findall(r"([MmHhVv])([-\d. ]+)", d):
        values = [float(v) for v in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        elif command == "h":
            runs.append((int(y - 0.5) - border, int(x) - border, int(values[0])))
            x += values[0]
        else:
            raise ValueError(f"unexpected path command {command}")
    size = max(row for row, _col, _n in runs) + 1
    grid = [[False] * size for _row in range(size)]
    for row, col, n in runs:
        for c in range(col, col + n):
            grid[row][c] = True
    return grid


def _function_modules(size: int, version: int) -> list[list[bool]]:
    taken = [[False] * size for _row in range(size)]

    def area(rows, cols):
        for r in rows:
            for c in cols:
                taken[r][c] = True

    area(range(9), range(9))  # finder, separator, format (top left)
    area(range(9), range(size - 8, size))  # top right
    area(range(size - 8, size), range(9))  # bottom left, dark module
    area([6], range(size))  # timing
    area(range(size), [6])
    if version >= 2:
        positions = [6, 4 * version + 10]
        for r in positions:
            for c in positions:
                if (r, c) != (6, 6) and (r, c) != (6, positions[-1]) and (r, c) != (positions[-1], 6):
                    area(range(r - 2, r + 3), range(c - 2, c + 3))
    return taken


def decode(grid: list[list[bool]]) -> str:
    size = len(grid)
    version = (size - 17) // 4
    if not 1 <= version <= 6:
        raise ValueError(f"version {version} is not supported here")
    # Format information, first copy: column 8 rows 0-5, 7, 8; row 8 column 7, columns 5-0.
    cells = [(r, 8) for r in range(6)] + [(7, 8), (8, 8), (8, 7)] + [(8, 14 - i) for i in range(9, 15)]
    bits = sum(grid[r][c] << i for i, (r, c) in enumerate(cells)) ^ 0x5412
    level, mask = LEVELS[bits >> 13], (bits >> 10) & 7
    taken = _function_modules(size, version)
    stream = []
    right = size - 1
    while right >= 1:
        if right == 6:
            right = 5
        for vertical in range(size):
            for j in (0, 1):
                x = right - j
                y = size - 1 - vertical if ((right + 1) & 2) == 0 else vertical
                if not taken[y][x]:
                    stream.append(grid[y][x] ^ MASKS[mask](x, y))
        right -= 2
    codewords = [int("".join("1" if b else "0" for b in stream[i : i + 8]), 2) for i in range(0, len(stream) - 7, 8)]
    blocks = [count for n, count in BLOCKS[(version, level)] for _block in range(n)]
    data = [[] for _block in blocks]
    index = 0
    for position in range(max(blocks)):  # data codewords are interleaved block by block
        for b, length in enumerate(blocks):
            if position < length:
                data[b].append(codewords[index])
                index += 1
    bits_text = "".join(f"{byte:08b}" for block in data for byte in block)
    if bits_text[:4] != "0100":
        raise ValueError("only byte mode is supported here")
    length = int(bits_text[4:12], 2)
    return bytes(int(bits_text[12 + 8 * i : 20 + 8 * i], 2) for i in range(length)).decode("utf-8")
