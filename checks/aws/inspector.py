"""Amazon Inspector (AWS Foundational Security Best Practices Inspector.1-.4): vulnerability scanning of EC2
instances, ECR images and Lambda functions (packages and code) turned on in every region."""

from srmscan.check import check, check_family, judged

SCANS = {   # key of the region's `inspector` read -> (what is scanned, severity, its name for `aws inspector2 enable`)
    "ec2": ("EC2 instances", "high", "EC2"),
    "ecr": ("ECR container images", "high", "ECR"),
    "lambda": ("Lambda function packages (standard scanning)", "high", "LAMBDA"),
    "lambda_code": ("Lambda function code", "medium", "LAMBDA_CODE"),
}


def _declare(key: str, what: str, severity: str, cli_type: str):
    @check(id=f"aws.inspector.{key}_scanning", title=f"Amazon Inspector scans {what} in the region",
           severity=severity, resource_type="aws.region", reads=("inspector",),
           rationale=f"Patching what runs on AWS is the customer's duty; Inspector finds the known vulnerabilities "
                     f"in {what} continuously, so unpatched software is found before an attacker does.",
           remediation=f"`aws inspector2 enable --resource-types {cli_type}` in the region (or from the Inspector "
                       "delegated administrator for the organisation).")
    def scanning(region, snapshot):
        status = region.config["inspector"][key]
        return judged(status == "ENABLED", f"Inspector scans {what}", f"Inspector scanning of {what} is "
                      f"{str(status).lower()}", status=status)

    return scanning


SCANNING_CHECKS = check_family(_declare, SCANS)
