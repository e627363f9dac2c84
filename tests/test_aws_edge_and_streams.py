"""Elastic Load Balancing (v2 and classic), ACM, Kinesis and OpenSearch against moto's server over HTTP: listed
and read in a region, judged by their FSBP checks."""

from check_cases import verdicts
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

REGION = "eu-west-1"


def seed(aws_client):
    ec2 = aws_client("ec2", REGION)
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.7.{i}.0/24", AvailabilityZone=f"eu-west-1{zone}")["Subnet"]["SubnetId"]
               for i, zone in enumerate("ab")]
    elb = aws_client("elbv2", REGION)
    balancer = elb.create_load_balancer(Name="shop", Subnets=subnets, Type="application")["LoadBalancers"][0]
    group = elb.create_target_group(Name="shop", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]
    elb.create_listener(LoadBalancerArn=balancer["LoadBalancerArn"], Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}])
    elb.modify_load_balancer_attributes(LoadBalancerArn=balancer["LoadBalancerArn"], Attributes=[
        {"Key": "deletion_protection.enabled", "Value": "true"}])
    certificate = aws_client("acm", REGION).request_certificate(DomainName="shop.acme.example")["CertificateArn"]
    # a second balancer: its HTTP listener redirects by default but a rule forwards /api/*; HTTPS on an old policy
    legacy = elb.create_load_balancer(Name="legacy", Subnets=subnets, Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
    plain = elb.create_listener(LoadBalancerArn=legacy, Protocol="HTTP", Port=80, DefaultActions=[
        {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])
    elb.create_rule(ListenerArn=plain["Listeners"][0]["ListenerArn"], Priority=10,
                    Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}],
                    Actions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}])
    elb.create_listener(LoadBalancerArn=legacy, Protocol="HTTPS", Port=443, SslPolicy="ELBSecurityPolicy-2016-08",
                        Certificates=[{"CertificateArn": certificate}],
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}])
    kinesis = aws_client("kinesis", REGION)
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    aws_client("opensearch", REGION).create_domain(DomainName="logs", EncryptionAtRestOptions={"Enabled": True})


def test_balancers_certificates_streams_and_domains_are_read_and_judged(moto, aws_client):
    seed(aws_client)
    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("elbv2", "acm", "kinesis", "opensearch")),
                               NoProgress())
    errors = {r.name: r.errors for r in snapshot.resources if r.errors}
    assert errors == {}, errors
    got = verdicts(snapshot)
    assert got[("aws.elbv2.http_redirects_to_https", "shop")] == "FAIL"
    assert got[("aws.elbv2.deletion_protection", "shop")] == "PASS"
    assert got[("aws.elbv2.multi_az", "shop")] == "PASS"
    assert got[("aws.elbv2.http_redirects_to_https", "legacy")] == "FAIL"   # rule 10 forwards over HTTP
    assert got[("aws.elbv2.secure_listeners", "legacy")] == "FAIL"
    assert got[("aws.elbv2.tls_policy", "legacy")] == "FAIL"                # TLSv1, SHA-1 and static-RSA suites
    assert got[("aws.elbv2.tls_policy", "shop")] == "PASS"                  # no TLS listener
    assert got[("aws.acm.rsa_key_length", "shop.acme.example")] == "PASS"
    assert got[("aws.kinesis.stream_encrypted", "clicks")] == "FAIL"
    assert got[("aws.kinesis.retention", "clicks")] == "FAIL"   # the 24-hour default
    assert got[("aws.opensearch.encrypted_at_rest", "logs")] == "PASS"
    assert got[("aws.opensearch.in_vpc", "logs")] == "FAIL"


def test_classic_load_balancers_are_read_and_judged(moto, aws_client):
    elb = aws_client("elb", REGION)
    certificate = aws_client("acm", REGION).request_certificate(DomainName="legacy.acme.example")["CertificateArn"]
    elb.create_load_balancer(LoadBalancerName="legacy", AvailabilityZones=["eu-west-1a"], Listeners=[
        {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP", "InstancePort": 80,
         "SSLCertificateId": certificate},
        {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 80}])
    # a custom negotiation policy, described attribute by attribute as AWS describes every SSL policy
    elb.create_load_balancer_policy(LoadBalancerName="legacy", PolicyName="tls", PolicyTypeName="SSLNegotiationPolicyType",
                                    PolicyAttributes=[{"AttributeName": name, "AttributeValue": value} for name, value in (
                                        ("Protocol-TLSv1", "true"), ("Protocol-TLSv1.2", "true"),
                                        ("ECDHE-RSA-AES128-GCM-SHA256", "true"), ("AES128-SHA", "true"))])
    elb.set_load_balancer_policies_of_listener(LoadBalancerName="legacy", LoadBalancerPort=443, PolicyNames=["tls"])
    elb.create_load_balancer(LoadBalancerName="tidy", AvailabilityZones=["eu-west-1a", "eu-west-1b"], Listeners=[
        {"Protocol": "SSL", "LoadBalancerPort": 443, "InstanceProtocol": "TCP", "InstancePort": 5000,
         "SSLCertificateId": certificate}])
    elb.create_load_balancer_policy(LoadBalancerName="tidy", PolicyName="tls12", PolicyTypeName="SSLNegotiationPolicyType",
                                    PolicyAttributes=[{"AttributeName": name, "AttributeValue": "true"} for name in (
                                        "Protocol-TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256")])
    elb.set_load_balancer_policies_of_listener(LoadBalancerName="tidy", LoadBalancerPort=443, PolicyNames=["tls12"])
    elb.modify_load_balancer_attributes(LoadBalancerName="tidy", LoadBalancerAttributes={
        "CrossZoneLoadBalancing": {"Enabled": True}, "ConnectionDraining": {"Enabled": True, "Timeout": 300}})
    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("elb",)), NoProgress())
    assert [e for r in snapshot.resources for e in r.errors] == []
    got = verdicts(snapshot)
    assert {name: got[("aws.elb.tls_listeners", name)] for name in ("legacy", "tidy")} == {"legacy": "FAIL", "tidy": "PASS"}
    assert {name: got[("aws.elb.tls_policy", name)] for name in ("legacy", "tidy")} == {"legacy": "FAIL", "tidy": "PASS"}
    assert got[("aws.elb.acm_certificate", "legacy")] == "PASS"
    assert {name: got[("aws.elb.multi_az", name)] for name in ("legacy", "tidy")} == {"legacy": "FAIL", "tidy": "PASS"}
    assert {name: got[("aws.elb.cross_zone", name)] for name in ("legacy", "tidy")} == {"legacy": "FAIL", "tidy": "PASS"}
    assert got[("aws.elb.connection_draining", "tidy")] == "PASS"
