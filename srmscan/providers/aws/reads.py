"""What a read is, as data: one API call whose answer is stored under one config key.

Declarations only (no botocore import), so the resource types and keys a provider records can be
known without loading the SDK; srmscan.providers.aws.calls performs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable



@dataclass(frozen=True)
class Read:
    key: str                          # config key the answer is stored under
    operation: str                    # boto3 client method
    permission: str                   # the IAM action it needs
    extract: Callable[[dict], Any]    # response -> stored value
    absent: frozenset[str] = frozenset()  # error codes that mean "not configured" (stored as None)


