"""Ship the ontology, shapes, queries, curated data and the gazetteer extract inside the wheel
(hadrut_kg/resources/), so an installed package builds, queries and reconciles without a checkout. The metadata is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = ("data", "gazetteers", "ontology", "queries")
FILES = ("CHANGELOG.md", "LICENSE")  # a release (hadrut-kg release) copies them


class BuildWithResources(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own folders
        target = Path(self.build_lib) / "hadrut_kg" / "resources"
        for folder in RESOURCES:
            shutil.copytree(folder, target / folder, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for name in FILES:
            shutil.copyfile(name, target / name)


setup(cmdclass={"build_py": BuildWithResources})
