"""The Azure services srmscan reads, one module each, declaring as data, in the vocabulary of
srmscan.providers.azure.declare: LISTINGS (ARM resource types with their per-item reads and child listings),
SUBSCRIPTION_READS (config key -> read, on the subscription resource), GRAPH_READS (config key -> read, on the
tenant resource), plus the small shape functions that reduce each answer to what the checks judge.
srmscan.providers.azure.reads puts them together.

Adding a service is adding a module here and its name in srmscan.providers.azure.reads.SERVICES.
"""
