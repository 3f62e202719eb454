"""What the integration tests share: the local moto endpoint, an environment
free of the caller's AWS settings, a boto3 client, and failure bookkeeping."""
import os
import sys

failures = []


def check(name, cond, detail=""):
    if not cond:
        failures.append(name)
        print("FAIL %s: %s" % (name, str(detail)[:400]))


def clean_env(**extra):
    """The environment without any AWS_ variable and without instance-metadata lookups."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    env.update(extra)
    return env


def moto_endpoint(state):
    return "http://127.0.0.1:" + open(os.path.join(state, "moto.port")).read().strip()


def moto_env(state, endpoint):
    return clean_env(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1",
                     AWS_ENDPOINT_URL=endpoint, HOME=state)


def s3_client(endpoint, key="testing", secret="testing", service="s3"):
    import boto3
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,
                        aws_secret_access_key=secret)


def finish():
    print("%d failures" % len(failures))
    sys.exit(1 if failures else 0)
