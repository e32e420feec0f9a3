"""The password rules without a database: argon2id, older hashes, the unusable marker."""

from __future__ import annotations

from werkzeug.security import generate_password_hash

from workflow.admin import passwords

GOOD = "twelve chars"


def test_the_length_rule_is_twelve_to_1024_characters() -> None:
    assert passwords.length_problem(GOOD[:11]) == "Use at least 12 characters."
    assert passwords.length_problem(GOOD) is None
    assert passwords.length_problem("x" * 1025) == "Use at most 1024 characters."


def test_argon2id_verifies_and_older_hashes_still_do_but_need_an_upgrade() -> None:
    new = passwords.hash_password(GOOD)
    assert new.startswith("$argon2id$") and passwords.verify(new, GOOD)
    assert not passwords.verify(new, GOOD + "!") and not passwords.needs_upgrade(new)
    for method in ("scrypt:1024:1:1", "pbkdf2:sha256:1000"):
        old = generate_password_hash(GOOD, method=method)
        assert passwords.verify(old, GOOD) and not passwords.verify(old, "wrong password")
        assert passwords.needs_upgrade(old)


def test_an_unusable_or_broken_hash_never_verifies() -> None:
    for stored in (passwords.UNUSABLE, "", "$argon2id$broken", "plain text"):
        assert not passwords.verify(stored, GOOD)
        assert not passwords.verify(stored, stored)
    too_long = "x" * 1025  # never hashed at login: the cost would be the attacker's weapon
    assert not passwords.verify(passwords.hash_password(too_long), too_long)


def test_accounts_made_in_a_shared_hash_block_share_one_hash_of_that_password_only() -> None:
    """The demo's published password is hashed once for all its accounts; any other
    password, and the same one outside the block, gets its own salt as ever."""
    with passwords.shared_hash(GOOD):
        first, second = passwords.hash_password(GOOD), passwords.hash_password(GOOD)
        other = passwords.hash_password(GOOD + "!")
        assert other != passwords.hash_password(GOOD + "!")
    assert first == second and first.startswith("$argon2id$") and passwords.verify(first, GOOD)
    assert not passwords.needs_upgrade(first) and passwords.verify(other, GOOD + "!")
    assert passwords.hash_password(GOOD) != first  # the block is over: a new salt again
