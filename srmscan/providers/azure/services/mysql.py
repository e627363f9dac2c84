"""Azure Database for MySQL flexible servers."""

from __future__ import annotations

from srmscan.providers.azure.declare import (ArmListing, ArmRead, flexible_server_config,
                                             GraphRead, MYSQL_TYPE, server_parameter_config)


SUBSCRIPTION_READS: dict[str, ArmRead] = {}   # no subscription-level read
GRAPH_READS: dict[str, GraphRead] = {}   # no Microsoft Graph read

LISTINGS = (
    ArmListing(MYSQL_TYPE, "/subscriptions/{subscription}/providers/Microsoft.DBforMySQL/flexibleServers"
                           "?api-version=2023-12-30", "Microsoft.DBforMySQL/flexibleServers/read",
               flexible_server_config,
               item_reads={"require_secure_transport": ArmRead(
                   "/configurations/require_secure_transport?api-version=2023-12-30",
                   "Microsoft.DBforMySQL/flexibleServers/configurations/read", server_parameter_config,
                   paged=False)}),
)
