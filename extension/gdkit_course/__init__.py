"""gdkit-course: the JupyterLab 4 / Notebook 7 extension of the gdkit course.

The prebuilt extension lives in ``labextension/`` and is installed into
``share/jupyter/labextensions/gdkit-course``; this module only tells Jupyter where
it is (for ``jupyter labextension develop``).
"""

try:
    from ._version import __version__
except ImportError:  # a source checkout that was not installed
    __version__ = "dev"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "gdkit-course"}]
