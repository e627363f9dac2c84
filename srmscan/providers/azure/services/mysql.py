"""Azure Database for MySQL flexible servers, each with its require_secure_transport and tls_version parameters."""

from __future__ import annotations

from srmscan.providers.azure.declare import MYSQL_TYPE, flexible_server_type

TYPES = (flexible_server_type(MYSQL_TYPE, "mysql", "Microsoft.DBforMySQL", "2023-12-30",
                              ("require_secure_transport", "tls_version")),)
SCOPE_READS: dict = {}   # no read of the subscription's own
