#!/usr/bin/env python3
"""The city tripartite office's dashboard (工作台), fetched through the API as the page shows it.

Runs against a running xieshang server with the demo city (`cargo run --release -- serve --demo`)
and needs only Python 3's standard library. Signed in as the city office's officer, it

1. finds the viewer's tripartite office and its region;
2. prints the dashboard's figures over the region: offers issued, open risk cases, deadlines due
   in the next 7 days and missed, contracts expiring within 90 days, layoff plans under way;
3. prints model-unit and contract coverage by district (the page's two tile maps);
4. prints the running campaign's progress by category (the page's bar chart);
5. prints the summaries of the campaign the city office asked the districts for, if any.

    python3 client-examples/city_dashboard.py
    python3 client-examples/city_dashboard.py --login office-220102-officer --server http://127.0.0.1:8080
"""

from datetime import datetime, timedelta, timezone

from xieshang_client import graphql, signed_in

VIEWER = "{ viewer { memberships { organization { id name kind region { id name } } } } }"

FIGURES = """
query Dashboard($r: ID!, $from: DateTime!, $until: DateTime!) {
  offers: offers(filter: { region: $r, statuses: [ISSUED, ACCEPTED, DECLINED, IN_NEGOTIATION, CONCLUDED, SUSPENDED, WITHDRAWN] }, first: 1) { totalCount }
  openRiskCases: riskCases(filter: { region: $r, statuses: [REPORTED, ASSESSED, RESOLVING] }, first: 1) { totalCount }
  dueThisWeek: deadlines(filter: { region: $r, statuses: [OPEN], dueFrom: $from, dueUntil: $until }, first: 1) { totalCount }
  missedDeadlines: deadlines(filter: { region: $r, statuses: [MISSED] }, first: 1) { totalCount }
  expiringAgreements: agreements(filter: { region: $r, expiringWithinDays: 90 }, first: 1) { totalCount }
  layoffsUnderWay: layoffPlans(filter: { region: $r, statuses: [EXPLAINED, OPINION_GIVEN, ANSWERED, REPORTED, IMPLEMENTING] }, first: 1) { totalCount }
  coverage: coverageReport(region: $r) { byRegion { region { name } titledEmployers modelCoverage workerCoverage } }
  campaigns(first: 100) { edges { node { name startsOn endsOn
    progress { byCategory { category counts { issued accepted overdue } } }
    summaries { region { name } status late } } } }
}
"""

LABELS = [
    ("offers", "已发出要约"),
    ("openRiskCases", "未结风险事项"),
    ("dueThisWeek", "本周到期期限"),
    ("missedDeadlines", "已逾期期限"),
    ("expiringAgreements", "90日内到期合同"),
    ("layoffsUnderWay", "进行中的裁员方案"),
]


def percent(share):
    return "—" if share is None else f"{share * 100:.1f}%"


def main():
    args, token = signed_in(__doc__.splitlines()[0], "office-220100-officer")

    memberships = graphql(args.server, VIEWER, {}, token)["viewer"]["memberships"]
    offices = [m["organization"] for m in memberships if m["organization"]["kind"] == "TRIPARTITE_OFFICE"]
    if not offices:
        raise SystemExit(f"{args.login} is not of a tripartite office")
    office = offices[0]
    print(f"1. {office['name']}, over {office['region']['name']}")

    now = datetime.now(timezone.utc)
    variables = {"r": office["region"]["id"], "from": now.isoformat(), "until": (now + timedelta(days=7)).isoformat()}
    data = graphql(args.server, FIGURES, variables, token)
    print("2. Figures:")
    for key, label in LABELS:
        print(f"   {label}: {data[key]['totalCount']}")

    print("3. Coverage by district (model units, workers under a contract):")
    for line in data["coverage"]["byRegion"]:
        print(f"   {line['region']['name']}: {percent(line['modelCoverage'])}, {percent(line['workerCoverage'])}")

    campaigns = [edge["node"] for edge in data["campaigns"]["edges"]]
    today = (now + timedelta(hours=8)).date().isoformat()
    running = [c for c in campaigns if c["startsOn"] <= today <= c["endsOn"]] or campaigns
    if running:
        campaign = running[-1]
        print(f"4. {campaign['name']} ({campaign['startsOn']} to {campaign['endsOn']}), by category:")
        for line in campaign["progress"]["byCategory"]:
            counts = line["counts"]
            print(f"   {line['category']}: issued {counts['issued']}, accepted {counts['accepted']}, overdue {counts['overdue']}")
    asked = [c for c in campaigns if c["summaries"]]
    for campaign in asked:
        sent = [s for s in campaign["summaries"] if s["status"] == "SUBMITTED"]
        late = [s for s in sent if s["late"]]
        print(f"5. {campaign['name']}: {len(sent)} of {len(campaign['summaries'])} summaries submitted, {len(late)} late")


if __name__ == "__main__":
    main()
