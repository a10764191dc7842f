"""The accessibility audit of the browser and site tests: axe-core (pinned in
``package-lock.json``, installed with ``npm ci`` into ``node_modules/``), see ``axe.py``."""
