"""The domain: three lifecycles (Request, Action, Activity) and the rules that guard them.

    engine/     what every lifecycle shares: definition, fire, context, errors, history
    request/    action/    activity/    one package per lifecycle: states, lifecycle,
                guards, effects, shapes, services side by side
    expert/     editing/   admin/       the roster, edits, users/tokens/settings/reference data
    read/       visibility, queries, statistics
    lifecycles.py   the three lifecycles by kind, and firing one
    services.py     the one surface the adapters (webui, mieux, notifications) import

No Flask, APScheduler or SMTP here (tests/unit/test_layers.py).
"""
