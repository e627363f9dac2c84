"""The AWS services srmscan reads, by name: each module declares, in the vocabulary of
srmscan.providers.declare, its resource types (TYPES) and the reads it adds to the account and to each
region (SCOPE_READS). Nothing here calls AWS.

Adding a service is adding a module and a line in SERVICES; the collector, `srmscan permissions aws` and
the resource types checks are validated against all follow from these declarations.
"""

from __future__ import annotations

from srmscan.providers.aws.declare import ACCOUNT_TYPE, GLOBAL, READ_AT_KEY, REGION_TYPE, REGIONAL, listed_key
from srmscan.providers.declare import Catalogue, ResourceType

SERVICES = ("s3", "iam", "accessanalyzer", "cloudtrail", "monitoring", "config", "ec2", "kms", "rds", "efs",
            "securityhub", "lambda", "sqs", "sns", "secretsmanager", "ecr", "dynamodb", "eks", "guardduty",
            "elbv2", "acm", "kinesis", "opensearch", "redshift", "elasticache", "stepfunctions",
            "ecs", "ssm", "events", "macie", "inspector", "cloudfront", "apigateway", "elb", "appsync", "wafv2", "backup",
            "glacier", "s3control")
CATALOGUE = Catalogue("srmscan.providers.aws.services", SERVICES,
                      # calls made outside the declarations: identifying the account, finding its regions
                      other_permissions=("sts:GetCallerIdentity", "ec2:DescribeRegions"))


def kinds(services: tuple[str, ...] = SERVICES) -> tuple[ResourceType, ...]:
    """The account, the regions (with every selected service's reads on them), then the listed types."""
    account = ResourceType(ACCOUNT_TYPE, service="", scope=GLOBAL, reads=CATALOGUE.scope_reads(ACCOUNT_TYPE, services))
    region = ResourceType(REGION_TYPE, service="", scope=REGIONAL, reads=CATALOGUE.scope_reads(REGION_TYPE, services))
    return (account, region, *CATALOGUE.types(services))


def resource_types(services: tuple[str, ...] = SERVICES) -> dict[str, frozenset[str]]:
    """Every resource type the AWS adapter produces (reading `services`), with the config keys it
    records on it. The account and region resources also record, per listed type, how many that scope's
    listing returned (`<type>_listed`; a multi-region trail counts in every region that lists it)."""
    every = kinds(services)
    listed = [kind for kind in every if kind.listing is not None]
    types = {kind.type: kind.keys for kind in every}
    types[ACCOUNT_TYPE] |= {listed_key(k) for k in listed if k.scope == GLOBAL} | {READ_AT_KEY}
    types[REGION_TYPE] |= {listed_key(k) for k in listed if k.scope == REGIONAL}
    if not uses_regions(every):
        del types[REGION_TYPE]
    return types


def uses_regions(selected: tuple[ResourceType, ...]) -> bool:
    """Does any selected type need the region list (a regional listing, or reads on each region)?"""
    return any(kind.scope == REGIONAL and (kind.listing is not None or kind.reads) for kind in selected)


def permissions() -> list[str]:
    """Every IAM action the AWS adapter needs: the read-only policy printed in the README."""
    return CATALOGUE.permissions()
