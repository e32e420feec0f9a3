"""The composition root of the `mieux` command: the only place that wires the web
application and the scheduler together (webui/ and notifications/ never import each other)."""
