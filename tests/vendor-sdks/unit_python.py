"""Unit's own Python SDK (unit-python-sdk) against the payclients sandbox.

Run by tests/vendor-sdks/run.sh, which starts `payclients sandbox` and passes its Unit base
URL. Each call must succeed and decode with the vendor's own models: list (status filters,
include, sort, includeCompleted=True, tags, paging), get, update tags, advance. Exits non-zero
with the failing call's error otherwise.
"""

import sys

from unit import Unit
from unit.models.received_payment import ListReceivedPaymentParams, PatchReceivedPaymentRequest
from unit.models import UnitError


def check(name, response):
    if isinstance(response, UnitError) or getattr(response, "errors", None):
        sys.exit(f"{name}: {response}")
    return response.data


def main(base_url):
    unit = Unit(base_url, "sandbox-token")
    payments = unit.received_payments

    first = check("list", payments.list(ListReceivedPaymentParams(
        limit=50, offset=0, status=["Pending", "Advanced"], include_completed=True,
        sort="-createdAt", include="customer,account", tags={"by": "sandbox"})))
    second = check("list (next page)", payments.list(ListReceivedPaymentParams(
        limit=50, offset=50, status=["Pending"], sort="-createdAt")))
    assert len(first) == 50 and len(second) == 50, (len(first), len(second))
    assert {p.id for p in first}.isdisjoint({p.id for p in second}), "pages overlap"
    assert all(p.attributes["status"] in ("Pending", "Advanced") for p in first)

    one = check("get", payments.get(first[0].id, include="account"))
    assert one.id, one

    updated = check("update tags", payments.update(
        PatchReceivedPaymentRequest(first[0].id, {"by": "unit-python-sdk"})))
    assert updated.attributes["tags"]["by"] == "unit-python-sdk", updated.attributes["tags"]

    check("advance", payments.advance(first[0].id))
    print(f"unit-python-sdk: list ({len(first)} + {len(second)} payments), get, update tags and advance decode")


if __name__ == "__main__":
    main(sys.argv[1])
