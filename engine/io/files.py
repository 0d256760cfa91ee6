"""File helpers: hashing inputs and writing outputs atomically and safely."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from engine.errors import OutputError


def sha256(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def refuse_input_target(target: Path, inputs: Iterable[Path]) -> None:
    """Raise :class:`OutputError` when ``target`` is (a link to) one of the inputs, or a
    path the system cannot even look at (a name too long, say)."""
    try:
        if not target.exists():
            return
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    for source in inputs:
        with contextlib.suppress(OSError):
            if os.path.samefile(target, source):
                raise OutputError(
                    f"refusing to write the report to {target}: it is the input file {source}"
                )


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Write ``target`` through a temporary file in the same folder, then replace it.

    ``write(path)`` writes the complete file at ``path``. If it fails, the
    previous ``target`` is left untouched and the temporary file removed.
    """
    folder = target.parent
    _check_target(target)
    _check_lock(target)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=".~policyscore-", suffix=target.suffix, dir=folder
        )
        os.close(handle)
    except OSError as exc:
        raise OutputError(f"cannot write to folder {folder}: {exc.strerror}") from None
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; reports are not
        os.replace(temporary, target)
    except PermissionError:
        raise OutputError(
            f"cannot replace {target}: permission denied; if the report is open in a "
            "spreadsheet program, close it and run again"
        ) from None
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _check_target(target: Path) -> None:
    """Refuse to replace what is not a regular file: a symbolic link (replacing it would
    cut the link; writing through it would write elsewhere), a folder, a pipe or a
    device (``--out /dev/null`` must never replace the device)."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    if stat.S_ISREG(mode):
        return
    what = (
        f"a symbolic link (to {os.readlink(target)}); give the file's own path"
        if stat.S_ISLNK(mode)
        else "a folder"
        if stat.S_ISDIR(mode)
        else "not a regular file (a pipe, a device or a socket)"
    )
    raise OutputError(f"refusing to write {target}: it is {what}, and it is left as it is")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_lock(target: Path) -> None:
    """Excel and LibreOffice leave lock files next to an open workbook."""
    for lock in (
        target.with_name("~$" + target.name),
        target.with_name(".~lock." + target.name + "#"),
    ):
        if lock.exists():
            raise OutputError(
                f"{target} appears to be open in a spreadsheet program (lock file "
                f"{lock.name}); close it and run again"
            )
