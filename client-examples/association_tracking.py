#!/usr/bin/env python3
"""The employer association's tracking journey: its members' agreements at a glance.

Runs against a running xieshang server with the demo city (`cargo run --release -- serve --demo`)
and needs only Python 3's standard library. Signed in as the association's officer, it

1. prints the totals over the members' agreements: in force, expiring within 90 days,
   expired without renewal, workers covered, and the members with no collective contract in force;
2. lists the agreements in force that expire within `--days` days, soonest first, with the
   employers they bind and the day renewal may be proposed from;
3. lists the contracts under review or objected by the labour administration, with the
   review's days left or the objection's opinion.

    python3 client-examples/association_tracking.py
    python3 client-examples/association_tracking.py --login association-2-officer --days 60 \\
        --server http://127.0.0.1:8080
"""

import argparse
import sys

from xieshang_client import graphql, sign_in

ASSOCIATION = "{ viewer { actingOrganizations { id name kind } } }"

TOTALS = """
query Totals($id: ID!) {
  associationAgreementTotals(association: $id) {
    members effective expiringWithin90Days expiredWithoutRenewal workersCovered
    membersWithoutCollectiveContract { name }
  }
}
"""

AGREEMENTS = """
query Agreements($filter: AgreementFilterInput, $after: String) {
  agreements(filter: $filter, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      title kind status termEndsOn
      employers { name }
      renewalDeadline { dueAt }
      latestFiling { receiptNumber outcome opinion daysLeft reviewer { name } }
    } }
  }
}
"""


def all_agreements(server, token, association, **filter):
    """Every agreement of the association's members matching the filter, page by page."""
    filter["association"] = association
    after, found = None, []
    while True:
        page = graphql(server, AGREEMENTS, {"filter": filter, "after": after}, token)["agreements"]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8080")
    parser.add_argument("--login", default="association-1-officer")
    parser.add_argument("--password", default="xieshang-demo")
    parser.add_argument("--days", type=int, default=90, help="expiring within this many days")
    args = parser.parse_args()

    token = sign_in(args.server, args.login, args.password)
    acting = graphql(args.server, ASSOCIATION, {}, token)["viewer"]["actingOrganizations"]
    association = next((o for o in acting if o["kind"] == "EMPLOYER_ASSOCIATION"), None)
    if association is None:
        sys.exit(f"{args.login} does not act for an employer association; sign in as one, such as association-1-officer")
    print(f"{association['name']}")

    totals = graphql(args.server, TOTALS, {"id": association["id"]}, token)
    totals = totals["associationAgreementTotals"]
    print(
        f"1. {totals['members']} members: {totals['effective']} agreements in force, "
        f"{totals['expiringWithin90Days']} expiring within 90 days, "
        f"{totals['expiredWithoutRenewal']} expired without renewal, "
        f"{totals['workersCovered']} workers covered"
    )
    without = [m["name"] for m in totals["membersWithoutCollectiveContract"]]
    print(f"   {len(without)} members with no collective contract in force: {'、'.join(without)}")

    expiring = all_agreements(
        args.server, token, association["id"], expiringWithinDays=args.days
    )
    expiring.sort(key=lambda a: a["termEndsOn"])
    print(f"2. {len(expiring)} agreements in force expire within {args.days} days:")
    for agreement in expiring:
        employers = "、".join(e["name"] for e in agreement["employers"])
        print(f"   {agreement['termEndsOn']}  {agreement['title']} ({employers})")

    pending = all_agreements(
        args.server, token, association["id"], statuses=["FILED", "OBJECTED"]
    )
    print(f"3. {len(pending)} contracts with the labour administration:")
    for agreement in pending:
        filing = agreement["latestFiling"] or {}
        reviewer = (filing.get("reviewer") or {}).get("name", "")
        if agreement["status"] == "FILED":
            note = f"under review by {reviewer}, {filing.get('daysLeft')} days left"
        else:
            note = f"objected by {reviewer}: {filing.get('opinion')}"
        print(f"   {agreement['title']}: {note}")


if __name__ == "__main__":
    main()
