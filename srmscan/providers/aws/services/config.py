"""AWS Config (regional): recorders, their status and delivery channels."""

from srmscan.providers.aws.reads import Read

KINDS = ()
ACCOUNT_READS = ()
REGION_READS = (
    Read("config_recorders", "describe_configuration_recorders", "config:DescribeConfigurationRecorders",
         lambda r: r.get("ConfigurationRecorders", []), service="config"),
    Read("config_recorder_status", "describe_configuration_recorder_status",
         "config:DescribeConfigurationRecorderStatus",
         lambda r: [{k: s.get(k) for k in ("name", "recording", "lastStatus")}
                    for s in r.get("ConfigurationRecordersStatus", [])], service="config"),
    Read("config_delivery_channels", "describe_delivery_channels", "config:DescribeDeliveryChannels",
         lambda r: [{k: c.get(k) for k in ("name", "s3BucketName", "snsTopicARN")}
                    for c in r.get("DeliveryChannels", [])], service="config"),
)
