#!/usr/bin/env python3
"""The city tripartite office's risk ledger (风险台账): what needs acting on first.

Runs against a running xieshang server with the demo city (`cargo run --release -- serve --demo`)
and needs only Python 3's standard library. Signed in as the city office's officer, it

1. prints the totals of the open cases by monitored item, warning level and district;
2. lists the open cases, the one the office must act on first at the top (its information
   form or urgent report due, then its next follow-up), with employer, items, level and tracker;
3. lists the cases whose 24-hour information form (附件4) or urgent report is overdue;
4. lists the warnings in force, with the body that decided a level 2 or 3 warning;
5. prints the rectification list (the four lists in one: problem, measure, responsible department,
   time limit) of the items not yet verified, the one due first at the top.

    python3 client-examples/city_risk_ledger.py
    python3 client-examples/city_risk_ledger.py --login office-220102-officer --server http://127.0.0.1:8080
"""


from xieshang_client import graphql, signed_in

OPEN = ["REPORTED", "ASSESSED", "RESOLVING"]

TOTALS = """
query Totals($filter: RiskCaseFilterInput) {
  riskTotals(filter: $filter) {
    cases
    byItem { item cases }
    byLevel { level cases }
    byDistrict { region { name } cases }
  }
}
"""

CASES = """
query Cases($filter: RiskCaseFilterInput, $after: String) {
  riskCases(filter: $filter, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      status items level urgent major tracker attentionDue summary
      employer { name } region { name }
      formDeadline { dueAt status }
    } }
  }
}
"""

WARNINGS = """
{ warnings(statuses: [ISSUED]) { edges { node {
    level title issuedAt decidedBy documentNumber regions { name }
} } } }
"""

RECTIFICATION = """
query Rectification($after: String) {
  rectificationItems(filter: { statuses: [OPEN, DONE] }, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      status problem measure dueOn responsibleDepartment
      responsibleOrganization { name } employer { name }
      deadline { status }
    } }
  }
}
"""


def all_cases(server, token, **filter):
    """Every case matching the filter, in the ledger's order, page by page."""
    after, found = None, []
    while True:
        page = graphql(server, CASES, {"filter": filter, "after": after}, token)["riskCases"]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def describe(case):
    flags = "".join(f for f, on in (("[紧急]", case["urgent"]), ("[重大]", case["major"])) if on)
    due = (case["attentionDue"] or "")[:16].replace("T", " ")
    level = case["level"] or "-"
    tracker = case["tracker"] or "-"
    return (
        f"   {due}  {flags}{case['employer']['name']} ({case['region']['name']}) "
        f"{'/'.join(case['items'])} {case['status']} level {level}, tracker {tracker}"
    )


def main():
    args, token = signed_in(__doc__.splitlines()[0], "office-220100-officer")

    totals = graphql(args.server, TOTALS, {"filter": {"statuses": OPEN}}, token)["riskTotals"]
    by_item = ", ".join(f"{t['item']} {t['cases']}" for t in totals["byItem"])
    by_level = ", ".join(f"{t['level'] or 'none'} {t['cases']}" for t in totals["byLevel"])
    by_district = ", ".join(f"{t['region']['name']} {t['cases']}" for t in totals["byDistrict"])
    print(f"1. {totals['cases']} open cases")
    print(f"   by item: {by_item}")
    print(f"   by level: {by_level}")
    print(f"   by district: {by_district}")

    cases = all_cases(args.server, token, statuses=OPEN)
    print(f"2. The ledger, first to act on at the top ({len(cases)}):")
    for case in cases:
        print(describe(case))

    overdue = all_cases(args.server, token, statuses=OPEN, overdue=True)
    print(f"3. {len(overdue)} cases with an overdue form or urgent report:")
    for case in overdue:
        form = case["formDeadline"] or {}
        print(f"{describe(case)}; form {form.get('status', '-')} (due {form.get('dueAt', '-')})")

    warnings = graphql(args.server, WARNINGS, {}, token)["warnings"]["edges"]
    print(f"4. {len(warnings)} warnings in force:")
    for edge in warnings:
        warning = edge["node"]
        regions = "、".join(r["name"] for r in warning["regions"][:3])
        decided = f", decided by {warning['decidedBy']} ({warning['documentNumber']})" if warning["decidedBy"] else ""
        print(f"   {warning['level']} {warning['title']} over {regions}{decided}")

    after, items = None, []
    while True:
        page = graphql(args.server, RECTIFICATION, {"after": after}, token)["rectificationItems"]
        items += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    print(f"5. The rectification list: {len(items)} items not yet verified:")
    for item in items:
        responsible = (item["responsibleOrganization"] or {}).get("name") or item["responsibleDepartment"]
        clock = (item["deadline"] or {}).get("status", "-")
        print(
            f"   {item['dueOn']}  {item['employer']['name']}: {item['problem']} → {item['measure']} "
            f"({responsible}) {item['status']}, clock {clock}"
        )


if __name__ == "__main__":
    main()
