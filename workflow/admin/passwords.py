"""Passwords: argon2id hashes, the length rule, and older hashes upgraded at login.

argon2id (RFC 9106) is memory-hard, so guessing on graphics cards costs
memory as well as time. Hashes written before it (werkzeug's scrypt or pbkdf2)
still verify, and are replaced by argon2id the next time their owner logs in.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 1024  # hashing a megabyte of "password" is a cheap denial of service
# RFC 9106's second recommended profile (t=3, 64 MiB, p=4): about 50 ms a login.
# Tests swap in a cheap hasher (hashing is not what they test).
HASHER = PasswordHasher()
# The stored value of an account without a password yet (an invited user): no hash
# of any password can equal it, so it never verifies.
UNUSABLE = "!unset"


def length_problem(password: str) -> str | None:
    """Why `password` may not be set, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    return None


# Passwords hashed once for a block of accounts that share them (`shared_hash`).
_SHARED: dict[str, str] = {}


def hash_password(password: str) -> str:
    shared = _SHARED.get(password)
    return shared if shared is not None else HASHER.hash(password)


@contextmanager
def shared_hash(password: str) -> Iterator[None]:
    """Within the block, every account given `password` gets one and the same hash of it.

    Only for the demo, whose accounts all share one password it prints on every
    run: a per-account salt protects a password nobody knows, and this one is
    published, so hashing it again (~50 ms and 64 MiB each) for each of the
    full demo's hundred-odd accounts buys nothing. The hash is still argon2id
    with today's parameters, so logins and upgrades work as for any account.
    Real accounts never share a hash: nothing outside this block does.
    """
    _SHARED[password] = HASHER.hash(password)
    try:
        yield
    finally:
        _SHARED.pop(password, None)


def verify(stored: str, password: str) -> bool:
    """True when `password` is the one `stored` was made from (never for UNUSABLE)."""
    if not stored or stored.startswith("!") or len(password) > MAX_LENGTH:
        return False
    if stored.startswith("$argon2"):
        try:
            return HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
    try:
        return check_password_hash(stored, password)  # an older scrypt or pbkdf2 hash
    except ValueError:
        return False


def needs_upgrade(stored: str) -> bool:
    """True for a hash older than argon2id with today's parameters."""
    if not stored.startswith("$argon2"):
        return True
    try:
        return HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True
