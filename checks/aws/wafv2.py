"""AWS WAF (AWS Foundational Security Best Practices WAF.10, .12): every web ACL, regional or for CloudFront, has
rules, CloudWatch metrics on each rule, and logging."""

from srmscan.check import check, check_family, judged

WEB_ACLS = {"web_acl": ("aws.wafv2.web_acl", "regional"),
            "cloudfront_web_acl": ("aws.wafv2.cloudfront_web_acl", "CloudFront")}


def _has_rules(key: str, resource_type: str, kind: str):
    @check(id=f"aws.wafv2.{key}_has_rules", title=f"AWS WAF {kind} web ACLs have at least one rule or rule group",
           severity="medium", resource_type=resource_type, reads=("rules",),
           rationale="A web ACL without rules applies only its default action: it inspects nothing and blocks "
                     "nothing while looking like protection.",
           remediation="Add rules or managed rule groups (e.g. AWSManagedRulesCommonRuleSet) to the web ACL.")
    def has_rules(acl, snapshot):
        rules = acl.config["rules"]
        return judged(rules, f"{len(rules)} rule(s)", "the web ACL has no rule", rules=[r["name"] for r in rules])

    return has_rules


def _rule_metrics(key: str, resource_type: str, kind: str):
    @check(id=f"aws.wafv2.{key}_rule_metrics", title=f"AWS WAF {kind} web ACL rules have CloudWatch metrics on",
           severity="low", resource_type=resource_type, reads=("rules",),
           rationale="Per-rule metrics show what each rule matches and blocks, so an attack or a broken rule is seen.",
           remediation="Turn on CloudWatch metrics in each rule's visibility configuration.")
    def rule_metrics(acl, snapshot):
        dark = [r["name"] for r in acl.config["rules"] if not r["metrics"]]
        return judged(not dark, "every rule publishes CloudWatch metrics",
                      f"rule(s) without CloudWatch metrics: {', '.join(dark)}", rules=dark)

    return rule_metrics


def _logging(key: str, resource_type: str, kind: str):
    @check(id=f"aws.wafv2.{key}_logging", title=f"AWS WAF {kind} web ACLs log requests", severity="medium",
           resource_type=resource_type, reads=("logging",),
           rationale="WAF logs record each request inspected and the rule that matched, the evidence of an attack.",
           remediation="Configure logging to CloudWatch Logs, S3 or Firehose for the web ACL.")
    def logging(acl, snapshot):
        destinations = acl.config["logging"]
        return judged(destinations, f"logging to {', '.join(destinations or [])}", "logging is off")

    return logging


HAS_RULES = check_family(_has_rules, WEB_ACLS)
RULE_METRICS = check_family(_rule_metrics, WEB_ACLS)
LOGGING = check_family(_logging, WEB_ACLS)
