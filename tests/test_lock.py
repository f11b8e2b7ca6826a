"""The lock (requirements.lock) must satisfy pyproject.toml, or the README's installs drift apart.

Every requirement of the app and of the test extra must be pinned in the lock, at a version its
specifier allows, for this interpreter.  When this fails, run `bash .ci/lock` and commit the lock.
"""
import sys
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _pins(text: str) -> dict[str, list[str]]:
    """{canonical name: [versions pinned for this interpreter]} from a uv/pip-compile lock."""
    pins: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "==" not in line:
            continue
        spec, _, marker = line.partition(";")
        if marker.strip() and not Marker(marker.strip()).evaluate():
            continue
        name, _, version = spec.strip().partition("==")
        pins.setdefault(canonicalize_name(name), []).append(version.strip())
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    reqs += [Requirement(r) for r in project["optional-dependencies"]["test"]]
    return [r for r in reqs if r.marker is None or r.marker.evaluate({"extra": "test"})]


def test_lock_pins_every_requirement_within_its_range():
    pins = _pins((ROOT / "requirements.lock").read_text("utf-8"))
    problems = []
    for req in _requirements():
        versions = pins.get(canonicalize_name(req.name))
        if not versions:
            problems.append(f"{req.name}: not in the lock")
        elif len(versions) > 1:
            problems.append(f"{req.name}: pinned twice for Python {sys.version_info[:2]}: {versions}")
        elif not req.specifier.contains(versions[0], prereleases=True):
            problems.append(f"{req.name}=={versions[0]} is outside {req.specifier}")
    assert not problems, "lock out of date, run `bash .ci/lock`: " + "; ".join(problems)


def test_the_check_catches_a_requirement_the_lock_does_not_satisfy():
    pins = _pins("pytest==9.2.0\nnumpy==1.0 ; python_version < '3'\n")
    assert pins == {"pytest": ["9.2.0"]}
    assert not Requirement("pytest>=8,<9").specifier.contains(pins["pytest"][0])


def test_readme_and_ci_install_through_the_lock():
    readme = (ROOT / "README.md").read_text("utf-8")
    run = (ROOT / ".ci" / "run").read_text("utf-8")
    setup = (ROOT / ".ci" / "setup").read_text("utf-8")
    assert "-c requirements.lock" in setup
    test_command = next(line.strip() for line in readme.splitlines() if "bash .ci/setup test" in line)
    assert test_command in run, "`.ci/run` must run exactly the README's test command"
