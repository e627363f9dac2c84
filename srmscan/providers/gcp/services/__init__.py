"""The Google Cloud services srmscan reads besides Cloud Storage, one module each (named as `--service` names
them), declaring as data, in the vocabulary of srmscan.providers.gcp.declare: PROJECT_READS (config key ->
read, on the project resource) and LISTINGS (resource types, their reads and joins), plus the small shape
functions that reduce each answer to what the checks judge. srmscan.providers.gcp.reads puts them together.

Adding a service is adding a module here and its name in srmscan.providers.gcp.target.SERVICES.
"""
