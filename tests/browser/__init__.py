"""Browser tests: JupyterLab driven by headless chromium (see conftest.py)."""
