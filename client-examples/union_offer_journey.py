#!/usr/bin/env python3
"""The union official's journey: issue a bargaining offer and see it through to a memorandum.

Runs against a running xieshang server with the demo city (`cargo run --release -- serve --demo`)
and needs only Python 3's standard library. It plays both parties with two demo accounts:

1. the grassroots union's officer drafts a wage offer to its employer and issues it through
   the platform, which counts as received at once; the reply is due 20 days later;
2. the employer's officer accepts it;
3. each side names its three representatives, and the union starts the negotiation;
4. two meetings are scheduled and their minutes recorded, the chiefs chairing in turn (the
   server takes minutes only of a meeting whose time has come, so this demonstration dates
   its meetings at the moments the offer was received and accepted);
5. the union concludes the negotiation with a memorandum.

    python3 client-examples/union_offer_journey.py
    python3 client-examples/union_offer_journey.py --employer 万家福 --union union-25-officer \\
        --management employer-25-officer --server http://127.0.0.1:8080
"""

import argparse
import datetime
import json
import sys

from xieshang_client import graphql, sign_in

FIND_EMPLOYER = """
query FindEmployer($name: String) {
  employers(filter: { nameContains: $name }, first: 1) { edges { node { id name } } }
}
"""

OFFER = "id status version receivedAt answeredAt replyDeadline { dueAt dueOn status } outcome"

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def mutate(server, token, field, input_type, input, offer=OFFER):
    """Runs one mutation and returns the offer it selects, stopping at the first user error."""
    mutation = (
        f"mutation($input: {input_type}!) {{ {field}(input: $input) "
        f"{{ offer {{ {offer} }} userErrors {{ field message code }} }} }}"
    )
    payload = graphql(server, mutation, {"input": input}, token)[field]
    if payload["userErrors"]:
        sys.exit(f"{field} refused: " + json.dumps(payload["userErrors"], ensure_ascii=False))
    return payload["offer"]


def local(instant):
    """An RFC 3339 instant as Beijing time."""
    parsed = datetime.datetime.fromisoformat(instant.replace("Z", "+00:00"))
    return parsed.astimezone(BEIJING)


def people(names):
    return [
        {"name": name, "position": "协商代表", "isChief": i == 0, "isOutsideExpert": False}
        for i, name in enumerate(names)
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8080")
    parser.add_argument("--employer", default="清源水务", help="part of the employer's name")
    parser.add_argument("--union", default="union-21-officer", help="the grassroots union's officer")
    parser.add_argument("--management", default="employer-21-officer", help="the employer's officer")
    parser.add_argument("--password", default="xieshang-demo", help="both accounts' password")
    args = parser.parse_args()
    server = args.server

    union = sign_in(server, args.union, args.password)
    management = sign_in(server, args.management, args.password)
    found = graphql(server, FIND_EMPLOYER, {"name": args.employer}, union)["employers"]["edges"]
    if not found:
        sys.exit(f"{args.union} sees no employer named like {args.employer!r}")
    employer = found[0]["node"]

    offer = mutate(server, union, "draftOffer", "DraftOfferInput", {
        "initiatingSide": "WORKERS",
        "employerId": employer["id"],
        "category": "WAGE",
        "topics": ["PAY", "WORKING_HOURS"],
        "proposedTerms": "职工工资平均增长6%，加班工资按法定标准足额支付",
        "proposedPlace": "企业三楼会议室",
        "proposedRepresentatives": 3,
        "informationRequested": "上一年度生产经营情况及工资总额",
    })
    offer = mutate(server, union, "issueOffer", "IssueOfferInput", {
        "id": offer["id"], "expectedVersion": offer["version"], "delivery": "PLATFORM",
    })
    print(f"1. offer to {employer['name']}: {offer['status']}, received {local(offer['receivedAt']):%Y-%m-%d %H:%M}")
    print(f"   the reply is due by {offer['replyDeadline']['dueOn']} 24:00 Beijing time")

    offer = mutate(server, management, "answerOffer", "AnswerOfferInput", {
        "id": offer["id"], "expectedVersion": offer["version"], "accept": True,
    })
    print(f"2. {args.management} answers: {offer['status']}, reply deadline {offer['replyDeadline']['status']}")

    for token, side, names in [
        (union, "WORKERS", ["王建华", "李秀英", "张志强"]),
        (management, "EMPLOYER", ["赵春生", "钱丽娟", "孙明辉"]),
    ]:
        mutate(server, token, "setRepresentatives", "SetRepresentativesInput", {
            "offerId": offer["id"], "side": side, "representatives": people(names),
        }, offer="id")
        print(f"3. {side} representatives: {'、'.join(names)} (chief {names[0]})")
    held = [offer["receivedAt"], offer["answeredAt"]]
    offer = mutate(server, union, "startNegotiation", "NegotiationStepInput", {
        "id": offer["id"], "expectedVersion": offer["version"],
    })
    print(f"   negotiation: {offer['status']}")

    sessions = []
    for at in held:
        sessions = mutate(server, management, "scheduleSession", "ScheduleSessionInput", {
            "offerId": offer["id"], "kind": "MEETING", "scheduledAt": at,
            "place": "企业三楼会议室", "noteTaker": "区总工会指导员",
        }, offer="sessions { id scheduledAt chairingSide }")["sessions"]
    for session in sessions:
        mutate(server, union, "recordSession", "RecordSessionInput", {
            "sessionId": session["id"], "attendance": "双方代表全部出席", "minutes": "就工资增长幅度交换意见",
        }, offer="id")
        print(f"4. meeting of {local(session['scheduledAt']):%Y-%m-%d}, chaired by {session['chairingSide']}: minutes recorded")

    offer = mutate(server, union, "concludeNegotiation", "ConcludeNegotiationInput", {
        "id": offer["id"], "expectedVersion": offer["version"],
        "outcome": "MEMORANDUM", "summary": "双方同意工资平均增长5%",
    })
    print(f"5. {offer['status']} with a {offer['outcome']}")


if __name__ == "__main__":
    main()
