"""The little the examples share: a GraphQL call and signing in. Python 3's standard library only."""

import argparse
import json
import sys
import urllib.request


def graphql(server, query, variables, token=None):
    """Runs one operation and returns its data, stopping the script on any GraphQL error."""
    headers = {"Content-Type": "application/json", "Accept": "application/graphql-response+json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(
        server.rstrip("/") + "/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers=headers,
    )
    with urllib.request.urlopen(request) as response:
        body = json.load(response)
    if body.get("errors"):
        sys.exit("GraphQL errors: " + json.dumps(body["errors"], ensure_ascii=False))
    return body["data"]


def sign_in(server, login, password):
    """A session token for the account."""
    query = "mutation Login($input: LoginInput!) { login(input: $input) { token } }"
    credentials = {"input": {"loginName": login, "password": password}}
    return graphql(server, query, credentials)["login"]["token"]


def signed_in(description, login):
    """The arguments `--server`, `--login` (default `login`) and `--password`, and a session for them."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--server", default="http://127.0.0.1:8080")
    parser.add_argument("--login", default=login)
    parser.add_argument("--password", default="xieshang-demo")
    args = parser.parse_args()
    return args, sign_in(args.server, args.login, args.password)
