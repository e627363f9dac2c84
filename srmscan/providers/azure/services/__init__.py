"""The Azure services srmscan reads, one module each, declaring as data, in the vocabulary of
srmscan.providers.declare (Azure's requests are in srmscan.providers.azure.declare): TYPES (resource types
listed per subscription, with their reads and child listings) and SCOPE_READS (reads of the subscription's own
settings and of the Entra tenant), plus the small shape functions that reduce each answer to what the checks
judge. srmscan.providers.azure.reads puts them together.

Adding a service is adding a module here and its name in srmscan.providers.azure.reads.SERVICES.
"""
