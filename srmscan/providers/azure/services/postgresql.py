"""Azure Database for PostgreSQL flexible servers, each with its require_secure_transport parameter."""

from __future__ import annotations

from srmscan.providers.azure.declare import POSTGRESQL_TYPE, ArmRead, GraphRead, flexible_server_listing

SUBSCRIPTION_READS: dict[str, ArmRead] = {}   # no subscription-level read
GRAPH_READS: dict[str, GraphRead] = {}   # no Microsoft Graph read
LISTINGS = (flexible_server_listing(POSTGRESQL_TYPE, "Microsoft.DBforPostgreSQL", "2022-12-01"),)
