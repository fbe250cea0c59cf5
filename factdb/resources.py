"""Where the top-level folders (templates/, migrations/, config.py) live.

In a source checkout they sit beside the package; in an installed wheel they are shipped
inside it (see ``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml).
"""

import importlib.util
from pathlib import Path
from types import ModuleType

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def resource_dir(name: str) -> Path:
    """The checkout's top-level folder ``name`` if present, else the copy shipped in the wheel."""
    for candidate in (PROJECT_DIR / name, PACKAGE_DIR / name):
        if candidate.is_dir() and any(candidate.iterdir()):
            return candidate
    raise FileNotFoundError(f"factdb resource folder {name!r} not found")


def load_config_module() -> ModuleType:
    """Import the settings module: the checkout's config.py, else the copy shipped in the wheel."""
    for candidate in (PROJECT_DIR / "config.py", PACKAGE_DIR / "_config.py"):
        if candidate.is_file() and candidate.stat().st_size:
            spec = importlib.util.spec_from_file_location("factdb_config", candidate)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    raise FileNotFoundError("factdb settings (config.py) not found")
