"""The engine every lifecycle shares: definitions, fire, context, errors, history, unit of work."""
