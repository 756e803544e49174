"""Argon2 with light parameters, for the test suite only (settings switch it on with TESTING=1).

Hashes are still argon2 (the parameters travel inside each hash, so the standard hasher
verifies them too); only the memory and time costs are small, which keeps hundreds of test
logins from dominating the run on a 2-core machine.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class LightArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024  # KiB
    parallelism = 1
