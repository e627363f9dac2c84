"""When each managed runtime of a serverless platform leaves its provider's support, as data, and the
judgement "is this runtime supported on that day?".

AWS Lambda: the deprecation date (end of support phase 1: no more security patches) of each runtime
identifier, from the AWS Lambda Developer Guide, "Lambda runtimes" (supported and deprecated runtime
tables, docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), cross-checked with endoflife.date/aws-lambda;
read 2026-12-03. Dates are AWS's projections and move: a runtime missing here is "unknown" (the check says
ERROR and asks for an update), never assumed supported.
"""

from __future__ import annotations

from datetime import date

LAMBDA_SOURCE = "AWS Lambda Developer Guide, Lambda runtimes (read 2026-12-03)"
LAMBDA_DEPRECATION: dict[str, date] = {
    # Node.js
    "nodejs24.x": date(2028, 4, 30), "nodejs22.x": date(2027, 4, 30), "nodejs20.x": date(2026, 4, 30),
    "nodejs18.x": date(2025, 9, 1), "nodejs16.x": date(2024, 6, 12), "nodejs14.x": date(2023, 12, 4),
    "nodejs12.x": date(2023, 3, 31), "nodejs10.x": date(2021, 7, 30), "nodejs8.10": date(2020, 3, 6),
    "nodejs6.10": date(2019, 8, 12), "nodejs4.3": date(2020, 3, 6), "nodejs4.3-edge": date(2019, 4, 30),
    "nodejs": date(2016, 10, 31),
    # Python
    "python3.14": date(2029, 6, 30), "python3.13": date(2029, 6, 30), "python3.12": date(2028, 10, 31),
    "python3.11": date(2026, 6, 30), "python3.10": date(2026, 6, 30), "python3.9": date(2025, 12, 15),
    "python3.8": date(2024, 10, 14), "python3.7": date(2023, 12, 4), "python3.6": date(2022, 7, 18),
    "python2.7": date(2021, 7, 15),
    # Java
    "java25": date(2029, 6, 30), "java21": date(2029, 6, 30), "java17": date(2026, 6, 30),
    "java11": date(2026, 6, 30), "java8.al2": date(2026, 6, 30), "java8": date(2024, 1, 8),
    # .NET
    "dotnet10": date(2028, 11, 14), "dotnet8": date(2026, 11, 10), "dotnet7": date(2024, 5, 14),
    "dotnet6": date(2024, 12, 20), "dotnetcore3.1": date(2023, 4, 3), "dotnetcore2.1": date(2022, 1, 5),
    "dotnetcore2.0": date(2019, 5, 30), "dotnetcore1.0": date(2019, 7, 30),
    # Ruby
    "ruby3.4": date(2028, 3, 31), "ruby3.3": date(2027, 3, 31), "ruby3.2": date(2026, 3, 31),
    "ruby2.7": date(2023, 12, 7), "ruby2.5": date(2021, 7, 30),
    # OS-only and Go
    "provided.al2023": date(2029, 6, 30), "provided.al2": date(2026, 6, 30), "provided": date(2024, 1, 8),
    "go1.x": date(2024, 1, 8),
}


def lambda_runtime_support(runtime: str, on: date) -> tuple[bool | None, date | None]:
    """(supported on that day, its deprecation date); (None, None) for a runtime srmscan does not know."""
    deprecated = LAMBDA_DEPRECATION.get(runtime)
    if deprecated is None:
        return None, None
    return on < deprecated, deprecated


# Amazon EKS: end of standard support and end of extended support of each Kubernetes minor version, from the
# Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on EKS" (release calendar), cross-checked
# with endoflife.date/amazon-eks; read 2026-12-03. A version in extended support still gets AWS's patches (at
# a cost); past it, the cluster runs an unsupported version.
EKS_SOURCE = "Amazon EKS User Guide, Kubernetes release calendar (read 2026-12-03)"
EKS_SUPPORT: dict[str, tuple[date, date]] = {
    "1.35": (date(2027, 3, 27), date(2028, 3, 27)), "1.34": (date(2026, 12, 2), date(2027, 12, 2)),
    "1.33": (date(2026, 7, 29), date(2027, 7, 29)), "1.32": (date(2026, 3, 23), date(2027, 3, 23)),
    "1.31": (date(2025, 11, 26), date(2026, 11, 26)), "1.30": (date(2025, 7, 23), date(2026, 7, 23)),
    "1.29": (date(2025, 3, 23), date(2026, 3, 23)), "1.28": (date(2024, 11, 26), date(2025, 11, 26)),
    "1.27": (date(2024, 7, 24), date(2025, 7, 24)), "1.26": (date(2024, 6, 11), date(2025, 6, 11)),
    "1.25": (date(2024, 5, 1), date(2025, 5, 1)), "1.24": (date(2024, 1, 31), date(2025, 1, 31)),
    "1.23": (date(2023, 10, 11), date(2024, 10, 11)),
}


def eks_version_support(version: str, on: date) -> tuple[str, date | None]:
    """"standard", "extended" or "unsupported" on that day, with the date that phase ends (or ended);
    ("unknown", None) for a version srmscan does not know."""
    phases = EKS_SUPPORT.get(version)
    if phases is None:
        try:
            major, minor = (int(part) for part in version.split(".")[:2])
        except ValueError:
            return "unknown", None
        oldest = min(EKS_SUPPORT, key=lambda v: tuple(int(p) for p in v.split(".")))
        if (major, minor) < tuple(int(p) for p in oldest.split(".")):
            return "unsupported", None   # older than every version the table knows: long out of support
        return "unknown", None
    standard_end, extended_end = phases
    if on < standard_end:
        return "standard", standard_end
    if on < extended_end:
        return "extended", extended_end
    return "unsupported", extended_end
