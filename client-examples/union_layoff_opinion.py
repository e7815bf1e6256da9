#!/usr/bin/env python3
"""The union chair's side of a layoff: read the plan, give the opinion, see the answer and the report.

Runs against a running xieshang server (`cargo run --release -- serve --demo`) and needs only
Python 3's standard library. Signed in as the grassroots union's officer, it lists the layoff
plans of the union's employer that the employer has explained (LCL Art. 41) and, for each:

1. prints the plan: the threshold, the earliest termination (30 days after the explanation),
   the list of names as the union sees it (identity numbers masked) and the workers kept first
   under Art. 41 ¶2 who are on it anyway;
2. with `--opinion`, gives the union's opinion (LCL Art. 43) and prints when the employer's
   written answer is due.

Without `--opinion` it also prints the plans the union has given its opinion on: the employer's
answer, and whether the plan was reported to the labour administration and acknowledged.

    python3 client-examples/union_layoff_opinion.py
    python3 client-examples/union_layoff_opinion.py --opinion "请优先安排转岗培训"
"""

import argparse
import datetime
import json
import sys

from xieshang_client import graphql, sign_in

PLANS = """
query UnionLayoffPlans($statuses: [LayoffStatus!]) {
  layoffPlans(filter: { statuses: $statuses }, first: 100) {
    edges { node {
      id status employer { name } workforce cut threshold earliestTermination firstTermination
      workers { row name idNumber post keptFirst }
      priorityWarnings { row post reasons }
      opinion answer answerDeadline { dueAt status }
      reportedAt reportedTo { name } acknowledgedAt administrationOpinion
    } }
  }
}
"""

GIVE = """
mutation GiveOpinion($input: GiveLayoffOpinionInput!) {
  giveLayoffOpinion(input: $input) {
    layoffPlan { status answerDeadline { dueAt dueOn } }
    userErrors { field message }
  }
}
"""

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def local(instant):
    """An RFC 3339 instant as Beijing time."""
    parsed = datetime.datetime.fromisoformat(instant.replace("Z", "+00:00"))
    return parsed.astimezone(BEIJING)


def show(plan):
    print(f"{plan['employer']['name']}: cut {plan['cut']} of {plan['workforce']} ({plan['status']})")
    print(f"  Art. 41 procedure {plan['threshold']}")
    print(f"  earliest termination {plan['earliestTermination']}, first planned {plan['firstTermination']}")
    for worker in plan["workers"] or []:
        kept = " [kept first]" if worker["keptFirst"] else ""
        print(f"  row {worker['row']}: {worker['name']} {worker['idNumber']} {worker['post']}{kept}")
    for warning in plan["priorityWarnings"] or []:
        print(f"  warning: row {warning['row']} ({warning['post']}): {'；'.join(warning['reasons'])}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8080")
    parser.add_argument("--union", default="union-21-officer", help="the grassroots union's officer")
    parser.add_argument("--password", default="xieshang-demo")
    parser.add_argument("--opinion", help="the union's opinion, given on every explained plan")
    args = parser.parse_args()
    server = args.server
    union = sign_in(server, args.union, args.password)

    explained = graphql(server, PLANS, {"statuses": ["EXPLAINED"]}, union)["layoffPlans"]["edges"]
    if not explained:
        print("no layoff plan waits for the union's opinion")
    for edge in explained:
        plan = edge["node"]
        show(plan)
        if args.opinion:
            payload = graphql(server, GIVE, {"input": {"planId": plan["id"], "opinion": args.opinion}}, union)
            payload = payload["giveLayoffOpinion"]
            if payload["userErrors"]:
                sys.exit("giveLayoffOpinion refused: " + json.dumps(payload["userErrors"], ensure_ascii=False))
            due = payload["layoffPlan"]["answerDeadline"]["dueOn"]
            print(f"  opinion given: {payload['layoffPlan']['status']}, the written answer is due on {due} at the latest")
    if args.opinion:
        return

    later = ["OPINION_GIVEN", "ANSWERED", "REPORTED", "IMPLEMENTING", "COMPLETED"]
    for edge in graphql(server, PLANS, {"statuses": later}, union)["layoffPlans"]["edges"]:
        plan = edge["node"]
        print(f"{plan['employer']['name']}: cut {plan['cut']} ({plan['status']})")
        print(f"  our opinion: {plan['opinion']}")
        print(f"  employer's answer: {plan['answer'] or 'not yet'}")
        if plan["reportedAt"]:
            acknowledged = "acknowledged" if plan["acknowledgedAt"] else "not yet acknowledged"
            print(f"  reported to {plan['reportedTo']['name']} on {local(plan['reportedAt']):%Y-%m-%d}, {acknowledged}")
            if plan["administrationOpinion"]:
                print(f"  its opinion: {plan['administrationOpinion']}")
        else:
            print("  not reported yet")


if __name__ == "__main__":
    main()
