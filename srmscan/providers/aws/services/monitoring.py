"""CloudWatch Logs metric filters, CloudWatch alarms and SNS subscriptions (regional): what the CIS
monitoring recommendations follow from a trail's log group to a person being notified."""

from srmscan.providers.aws.reads import Read

KINDS = ()
ACCOUNT_READS = ()
REGION_READS = (
    Read("metric_filters", "describe_metric_filters", "logs:DescribeMetricFilters",
         lambda r: [{"filterName": f.get("filterName"), "logGroupName": f.get("logGroupName"),
                     "filterPattern": f.get("filterPattern", ""),
                     "metrics": [{"metricName": m.get("metricName"), "metricNamespace": m.get("metricNamespace")}
                                 for m in f.get("metricTransformations", [])]}
                    for f in r.get("metricFilters", [])], service="logs", pages=True),
    Read("metric_alarms", "describe_alarms", "cloudwatch:DescribeAlarms",
         lambda r: [{k: a.get(k) for k in ("AlarmName", "MetricName", "Namespace", "AlarmActions", "ActionsEnabled")}
                    for a in r.get("MetricAlarms", [])], service="cloudwatch", pages=True,
         # metric alarms only (composite alarms watch no metric), the largest page DescribeAlarms allows
         params=lambda _region: {"AlarmTypes": ["MetricAlarm"], "MaxRecords": 100}),
    Read("sns_subscriptions", "list_subscriptions", "sns:ListSubscriptions",
         lambda r: [{k: s.get(k) for k in ("TopicArn", "SubscriptionArn", "Protocol")}
                    for s in r.get("Subscriptions", [])], service="sns", pages=True),
)
