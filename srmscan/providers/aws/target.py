"""What an AWS scan is asked to read (built from the command line by srmscan.providers.aws.options)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


# Requests in flight at once to one service in one region, whatever --max-workers: a scan's breadth (every service of
# every region) may use all its threads, one busy service (IAM's roles, a thousand buckets' reads) no more than before
# the default grew from 32 threads to 64, so its API's rate limits are met as often as they were (AwsClients.turn).
ENDPOINT_TURNS = 32


@dataclass(frozen=True)
class AwsTarget:
    profile: str | None
    regions: tuple[str, ...]
    endpoint_url: str | None
    max_workers: int
    services: tuple[str, ...] = ()   # () = every service srmscan reads
    max_attempts: int = 10
    retry_budget: float = 1800.0
    processes: int = 1               # this process and processes - 1 workers share out the listed resources
    organization: bool = False       # every ACTIVE account of the organisation (organizations:ListAccounts)
    accounts: tuple[str, ...] = ()   # these accounts (entered through role_name)
    exclude_accounts: tuple[str, ...] = ()
    role_name: str | None = None     # the role assumed in each account but the caller's own
    external_id: str | None = None
    max_accounts_in_parallel: int = 8
    shard: Any = None                # a srmscan.sharding.Shard: this run's share of the accounts

    @property
    def several_accounts(self) -> bool:
        return self.organization or bool(self.accounts)
