"""Table tests: CloudWatch Logs JSON filter patterns evaluated on CloudTrail events."""

import pytest

from srmscan.analysis.aws_monitoring import EVENTS
from srmscan.analysis.log_filter import FilterSyntaxError, compile_pattern

LOGIN_NO_MFA = {"eventName": "ConsoleLogin", "additionalEventData": {"MFAUsed": "No"},
                "userIdentity": {"type": "IAMUser"}, "responseElements": {"ConsoleLogin": "Success"}}
ROOT_CALL = {"eventName": "CreateAccessKey", "eventType": "AwsApiCall", "userIdentity": {"type": "Root"}}

CASES = [
    # pattern, event, matches
    ('{ $.eventName = ConsoleLogin }', LOGIN_NO_MFA, True),
    ('{$.eventName="ConsoleLogin"}', LOGIN_NO_MFA, True),                         # quoting, spacing
    ('{   ( $.eventName   =   "ConsoleLogin" )   }', LOGIN_NO_MFA, True),
    ('{ $.eventName = consolelogin }', LOGIN_NO_MFA, False),                      # case sensitive
    ('{ $.eventName = Console* }', LOGIN_NO_MFA, True),                           # wildcards
    ('{ $.eventName = *Login }', LOGIN_NO_MFA, True),
    ('{ $.eventName = *ogi* }', LOGIN_NO_MFA, True),
    ('{ $.eventName = %Con.*Log% }', LOGIN_NO_MFA, True),                          # regex
    ('{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed != "Yes") }', LOGIN_NO_MFA, True),
    ('{ ($.additionalEventData.MFAUsed != "Yes") && ($.eventName = ConsoleLogin) }', LOGIN_NO_MFA, True),
    ('{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed = "Yes") }', LOGIN_NO_MFA, False),
    ('{ $.missing.field != "x" }', LOGIN_NO_MFA, False),                           # absent field: no match
    ('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
     ROOT_CALL, True),
    ('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }',
     {**ROOT_CALL, "userIdentity": {"type": "Root", "invokedBy": "support.amazonaws.com"}}, False),
    ('{ $.userIdentity.invokedBy EXISTS }', ROOT_CALL, False),
    ('{ $.a = 1 || $.b = 2 && $.c = 3 }', {"a": 1, "b": 0, "c": 0}, True),        # && binds tighter
    ('{ ($.a = 1 || $.b = 2) && $.c = 3 }', {"a": 1, "b": 0, "c": 0}, False),
    ('{ $.latency > 500 }', {"latency": 501}, True),
    ('{ $.latency >= 500 }', {"latency": "500"}, True),
    ('{ $.latency < 500 }', {"latency": "fast"}, False),
    ('{ $.count = 5 }', {"count": 5.0}, True),
    ('{ $.ok IS TRUE }', {"ok": True}, True),
    ('{ $.ok IS FALSE }', {"ok": True}, False),
    ('{ $.value IS NULL }', {"value": None}, True),
    ('{ $.items[1].name = second }', {"items": [{"name": "first"}, {"name": "second"}]}, True),
    ('', LOGIN_NO_MFA, True),                                                        # empty matches everything
]


@pytest.mark.parametrize("pattern,event,expected", CASES, ids=[f"{i}:{c[0][:40]}" for i, c in enumerate(CASES)])
def test_pattern_semantics(pattern, event, expected):
    assert compile_pattern(pattern)(event) is expected


@pytest.mark.parametrize("pattern", ['{ $.a = }', '{ $.a = 1', 'ERROR', '{ a = 1 }', '{ $.a ~ 1 }', '{ $.a = 1 ) }',
                                     '{ $.a IS MAYBE }', '{ $.a > abc }'])
def test_unsupported_or_malformed_patterns_are_errors_not_matches(pattern):
    with pytest.raises(FilterSyntaxError):
        compile_pattern(pattern)


# The CIS AWS Foundations v5.0.0 patterns (section 4) must match every representative event srmscan uses,
# and the reordered / requoted variants must too.
CIS_PATTERNS = {
    "unauthorized_api_calls": '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && '
                              '($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    "console_signin_without_mfa": '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && '
                                  '($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    "root_usage": '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    "console_authentication_failures": '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    "cmk_disabled_or_deleted": '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || '
                               '($.eventName = ScheduleKeyDeletion)) }',
    "config_changes": '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || '
                      '($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || '
                      '($.eventName = PutConfigurationRecorder)) }',
    "cloudtrail_changes": '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || '
                          '($.eventName = StartLogging) || ($.eventName = StopLogging) }',
}


@pytest.mark.parametrize("recommendation", sorted(CIS_PATTERNS))
def test_cis_patterns_match_every_representative_event(recommendation):
    matches = compile_pattern(CIS_PATTERNS[recommendation])
    assert all(matches(event) for event in EVENTS[recommendation])


def test_a_pattern_missing_one_event_name_does_not_cover():
    partial = compile_pattern(CIS_PATTERNS["cloudtrail_changes"].replace(" || ($.eventName = StopLogging)", ""))
    assert [e["eventName"] for e in EVENTS["cloudtrail_changes"] if not partial(e)] == ["StopLogging"]


def test_unauthorized_calls_without_exclusions_still_cover():
    broad = compile_pattern('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }')
    assert all(broad(e) for e in EVENTS["unauthorized_api_calls"])
