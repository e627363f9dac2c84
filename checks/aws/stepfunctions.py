"""Step Functions (AWS Foundational Security Best Practices StepFunctions.1): state machines log."""

from srmscan.check import check, failed, passed


@check(id="aws.stepfunctions.logging", title="Step Functions state machines have logging on", severity="medium",
       resource_type="aws.stepfunctions.state_machine", reads=("logging_level",),
       rationale="Without execution logs a failed or abused workflow leaves no trace of what it did.",
       remediation="Set the state machine's logging level to ERROR or ALL with a CloudWatch Logs destination.")
def state_machine_logging(machine, snapshot):
    level = machine.config["logging_level"]
    if level and level != "OFF":
        return passed(f"logging level {level}")
    return failed("logging is off")
