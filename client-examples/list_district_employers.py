#!/usr/bin/env python3
"""List the employers of one district, with their industry and grassroots union.

Runs against a running xieshang server (for example `cargo run --release -- serve --demo`)
and needs only Python 3's standard library. It signs in first: by default as the city
office's demo viewer, who sees every district.

    python3 client-examples/list_district_employers.py --district 南关区
    python3 client-examples/list_district_employers.py --district 220174 --server http://127.0.0.1:8080
"""

import argparse
import sys

from xieshang_client import graphql, sign_in

FIND_DISTRICT = """
query FindDistrict($name: String) {
  regions(filter: { nameContains: $name }, first: 100) { edges { node { id code name } } }
}
"""

EMPLOYERS = """
query DistrictEmployers($region: ID!, $after: String) {
  employers(filter: { region: $region }, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        name
        employerProfile { creditCode industrySection industryDivision headcount isPlatform }
        grassrootsUnion { name }
      }
    }
  }
}
"""


def find_district(server, token, wanted):
    """The region whose six-digit code or name matches `wanted`."""
    by_code = wanted.isdigit()
    data = graphql(server, FIND_DISTRICT, {"name": None if by_code else wanted}, token)
    for edge in data["regions"]["edges"]:
        region = edge["node"]
        if region["code"] == wanted or region["name"] == wanted or not by_code:
            return region
    sys.exit(f"no region matches {wanted!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8080")
    parser.add_argument("--district", required=True, help="a region's name (南关区) or code (220102)")
    parser.add_argument("--login", default="office-220100-viewer", help="a demo account by default")
    parser.add_argument("--password", default="xieshang-demo")
    args = parser.parse_args()

    token = sign_in(args.server, args.login, args.password)
    region = find_district(args.server, token, args.district)
    print(f"{region['name']} ({region['code']})")
    after = None
    while True:
        page = graphql(args.server, EMPLOYERS, {"region": region["id"], "after": after}, token)["employers"]
        for edge in page["edges"]:
            employer = edge["node"]
            profile = employer["employerProfile"]
            union = employer["grassrootsUnion"]["name"] if employer["grassrootsUnion"] else "(no union)"
            platform = " platform" if profile["isPlatform"] else ""
            print(
                f"  {employer['name']}  {profile['creditCode']}  "
                f"{profile['industrySection']}{profile['industryDivision']}{platform}  "
                f"{profile['headcount']} workers  {union}"
            )
        if not page["pageInfo"]["hasNextPage"]:
            print(f"{page['totalCount']} employers")
            return
        after = page["pageInfo"]["endCursor"]


if __name__ == "__main__":
    main()
