"""Azure Database for PostgreSQL flexible servers, each with its require_secure_transport parameter."""

from __future__ import annotations

from srmscan.providers.azure.declare import POSTGRESQL_TYPE, flexible_server_type

TYPES = (flexible_server_type(POSTGRESQL_TYPE, "postgresql", "Microsoft.DBforPostgreSQL", "2022-12-01"),)
SCOPE_READS: dict = {}   # no read of the subscription's own
