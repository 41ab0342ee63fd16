"""Which files an agreement's preview depends on, and watching them with watchfiles.

An agreement depends on its own file and, through its project root, on the whole
`states/` folder (state file, year Muster) and the whole `templates/` folder (its
family, `_base`, layout files). The agreement's folder is watched, not the file itself:
editors save by writing a new file and renaming it over the old one, which a watch on
the old file would miss.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from watchfiles import awatch

from .snapshot import Project


def folders(project: Project) -> tuple[set[Path], set[Path]]:
    """(folders watched on their own, folders watched with everything below them)."""
    flat: set[Path] = set()
    deep: set[Path] = set()
    if project.folder is not None:
        flat.add(project.folder.resolve())
    for preview in project.previews.values():
        flat.add(preview.path.parent)
        root = preview.root
        deep.update(f for f in (root / "states", root / "templates") if f.is_dir())
    return flat - deep, deep


def _relevant(path: Path, project: Project, deep: Iterable[Path]) -> bool:
    name = path.name
    if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp")):
        return False  # editors' backup and swap files
    if any(path.is_relative_to(folder) for folder in deep):
        return True
    if project.folder is not None:
        return path.suffix in (".yaml", ".yml")
    return any(path == preview.path for preview in project.previews.values())


async def watch(project: Project, on_change: Callable[[set[Path]], Awaitable[None]],
                stop: asyncio.Event) -> None:
    """Call `on_change` with the relevant changed files until `stop` is set."""
    flat, deep = folders(project)
    queue: asyncio.Queue[set[Path]] = asyncio.Queue()

    async def one(paths: set[Path], recursive: bool) -> None:
        if not paths:
            return
        async for changes in awatch(*paths, recursive=recursive, stop_event=stop,
                                    step=30, rust_timeout=500):
            relevant = {Path(p) for _kind, p in changes if _relevant(Path(p), project, deep)}
            if relevant:
                queue.put_nowait(relevant)

    watchers = [asyncio.create_task(one(flat, False)), asyncio.create_task(one(deep, True))]
    try:
        while not stop.is_set():
            getter = asyncio.create_task(queue.get())
            stopper = asyncio.create_task(stop.wait())
            await asyncio.wait({getter, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if not getter.done():
                getter.cancel()
                break
            changed = getter.result()
            while not queue.empty():  # one refresh for changes that came in together
                changed |= queue.get_nowait()
            await on_change(changed)
    finally:
        for task in watchers:
            task.cancel()
        await asyncio.gather(*watchers, return_exceptions=True)
