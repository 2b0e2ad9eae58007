"""The composition root: which analyser (model file, second reading) a scan, a reanalysis or an upload
runs with, and which face backend the registry finds faces with, chosen in one place. The command line
and the web UI build a `Pipeline` and hand its pieces down; nothing below them builds an analyser or picks
a face backend of its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from huijia.analyse.classify import load_model
from huijia.analyse.pipeline import Analyser
from huijia.engines.scan import Scanner
from huijia.media.faces import DEFAULT_BACKEND, FaceBackend, face_backend


@dataclass
class Pipeline:
    """The implementations a job runs with. The analyser is built on first use (it loads the model)."""

    model_path: str | Path | None = None  # a model file written by `huijia train`; None: the bundled one
    second_reading: bool = True
    face_backend_name: str = DEFAULT_BACKEND  # the registry's faces: detection and identity vectors
    _analyser: Analyser | None = field(default=None, init=False, repr=False)

    @property
    def analyser(self) -> Analyser:
        """Raises `huijia.analyse.classify.ModelError` for a model file that cannot be used."""
        if self._analyser is None:
            self._analyser = Analyser(load_model(self.model_path), second_reading=self.second_reading)
        return self._analyser

    @property
    def faces(self) -> FaceBackend:
        """The face backend (loaded once per process); raises `huijia.media.faces.FaceModelError`."""
        return face_backend(self.face_backend_name)

    def scanner(self, engine: Engine, user: str | None = None) -> Scanner:
        """A scan into `engine` on behalf of `user` (default: the login name)."""
        return Scanner(engine, self.analyser, user)


def build_pipeline(
    model_path: str | Path | None = None,
    second_reading: bool = True,
    face_backend_name: str = DEFAULT_BACKEND,
) -> Pipeline:
    return Pipeline(model_path, second_reading, face_backend_name)
