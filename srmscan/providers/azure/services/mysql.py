"""Azure Database for MySQL flexible servers, each with its require_secure_transport parameter."""

from __future__ import annotations

from srmscan.providers.azure.declare import MYSQL_TYPE, ArmRead, GraphRead, flexible_server_listing

SUBSCRIPTION_READS: dict[str, ArmRead] = {}   # no subscription-level read
GRAPH_READS: dict[str, GraphRead] = {}   # no Microsoft Graph read
LISTINGS = (flexible_server_listing(MYSQL_TYPE, "Microsoft.DBforMySQL", "2023-12-30"),)
