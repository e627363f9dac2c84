"""AWS Config (regional): recorders, their status and delivery channels."""

from srmscan.providers.aws.declare import REGION_TYPE, Call
from srmscan.providers.declare import Read

TYPES = ()
SCOPE_READS = {REGION_TYPE: (
    Read("config_recorders", Call("describe_configuration_recorders", service="config"),
         "config:DescribeConfigurationRecorders", lambda r: r.get("ConfigurationRecorders", [])),
    Read("config_recorder_status", Call("describe_configuration_recorder_status", service="config"),
         "config:DescribeConfigurationRecorderStatus",
         lambda r: [{k: s.get(k) for k in ("name", "recording", "lastStatus")}
                    for s in r.get("ConfigurationRecordersStatus", [])]),
    Read("config_delivery_channels", Call("describe_delivery_channels", service="config"),
         "config:DescribeDeliveryChannels", lambda r: [{k: c.get(k) for k in ("name", "s3BucketName", "snsTopicARN")}
                    for c in r.get("DeliveryChannels", [])]),
)}
