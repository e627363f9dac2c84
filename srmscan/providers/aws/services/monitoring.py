"""CloudWatch Logs metric filters, CloudWatch alarms and SNS subscriptions (regional): what the CIS
monitoring recommendations follow from a trail's log group to a person being notified."""

from srmscan.providers.aws.declare import REGION_TYPE, Call
from srmscan.providers.declare import Read

TYPES = ()
SCOPE_READS = {REGION_TYPE: (
    Read("metric_filters", Call("describe_metric_filters", service="logs", pages=True), "logs:DescribeMetricFilters",
         lambda r: [{"filterName": f.get("filterName"), "logGroupName": f.get("logGroupName"),
                     "filterPattern": f.get("filterPattern", ""),
                     "metrics": [{"metricName": m.get("metricName"), "metricNamespace": m.get("metricNamespace")}
                                 for m in f.get("metricTransformations", [])]}
                    for f in r.get("metricFilters", [])]),
    Read("metric_alarms",
         Call("describe_alarms", service="cloudwatch", pages=True,
              # metric alarms only (composite alarms watch no metric), the largest page DescribeAlarms allows
              params=lambda _region: {"AlarmTypes": ["MetricAlarm"], "MaxRecords": 100}),
         "cloudwatch:DescribeAlarms",
         lambda r: [{k: a.get(k) for k in ("AlarmName", "MetricName", "Namespace", "AlarmActions", "ActionsEnabled")}
                    for a in r.get("MetricAlarms", [])]),
    Read("sns_subscriptions", Call("list_subscriptions", service="sns", pages=True), "sns:ListSubscriptions",
         lambda r: [{k: s.get(k) for k in ("TopicArn", "SubscriptionArn", "Protocol")}
                    for s in r.get("Subscriptions", [])]),
)}
