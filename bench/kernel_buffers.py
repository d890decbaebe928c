"""bench/kernel_buffers.py: the kernel's default socket buffer sizes, raised for the length of a
run and put back after it. Knot has no socket buffer option, so its UDP sockets get
net.core.rmem_default (about 208 KiB), while NSD, dcvd and the bare responder ask for 4 MiB
(which the kernel doubles to 8 MiB): with the defaults raised to match, every server is
measured with the same buffers (../shared/BENCH-NOTES.md)."""

import contextlib

from machine import log

SETTINGS = ("/proc/sys/net/core/rmem_default", "/proc/sys/net/core/wmem_default")


def _read(path):
    with open(path, encoding="ascii") as f:
        return int(f.read().strip())


def _write(path, value):
    with open(path, "w", encoding="ascii") as f:
        f.write(f"{value}\n")


@contextlib.contextmanager
def raised_defaults(size):
    """Sets each default below `size` to `size` while the block runs (0: leaves them alone).
    Without the right to write them (not root), says so and goes on with the defaults as they
    are; the report's buffer line then shows the difference."""
    saved = {}
    try:
        for path in SETTINGS if size else ():
            before = _read(path)
            if before >= size:
                continue
            try:
                _write(path, size)
            except OSError as error:
                log(f"cannot raise {path} to {size} ({error.strerror}): servers without a buffer "
                    "option keep the kernel default")
                break
            saved[path] = before
            log(f"{path}: {before} -> {size} for this run")
        yield
    finally:
        for path, before in saved.items():
            _write(path, before)
            log(f"{path}: back to {before}")
