#!/usr/bin/env python3
"""Independent oracle for the Online Retail demo shop's KPI figures.

Reads the raw monthly CSVs in data/online-retail/ (Chen, D. (2015). Online Retail. UCI Machine
Learning Repository, https://doi.org/10.24432/C5BW33, CC BY 4.0) and computes, from the product
owner's mapping spec alone (docs/demo-data.md), the figures Grip must show for the demo shop:
per London-local calendar month, for the whole period, and per London-local day of 2011-11.

It deliberately shares no code with the TypeScript loader (test/standin/online-retail.ts): it
works on invoices and wall-clock strings, not on the stand-in's Order/Refund objects. The two are
compared by test/demo-data/online-retail.test.ts.

Python 3 standard library only; money is exact (decimal.Decimal, quantised to pence).

Usage:
    python3 test/oracle/online_retail_oracle.py            # writes test/fixtures/online-retail-expected.json
    python3 test/oracle/online_retail_oracle.py --print    # also prints the table
    python3 test/oracle/online_retail_oracle.py --data DIR --out FILE

Readings of the spec, checked against the product owner's 2011-11 reference figures (2,874 orders,
gross 1457745.53, returns 22838.27, net 1434907.26, shipping 48408.38), which this script
reproduces exactly. "Pinned" = another reading gives different 2011-11 figures:

* Order (pinned). An invoice whose number starts with a digit and whose kept lines (Quantity > 0,
  UnitPrice >= 0, code not excluded) are non-empty. Shipping-only and gift-card-only invoices ARE
  orders: requiring a product line gives 2,864 orders and shipping 47883.35.
* Return matching, most recent order first (pinned): oldest first gives returns 22926.37.
* Several lines with the returned SKU in one order are consumed in file order (pinned): the last
  line first gives returns 22839.13.
* "Earlier" = strictly before the C invoice's time (not pinned: <= gives the same five 2011-11
  reference figures, but matches 18 more units overall, changes returns in 2010-12, 2011-01 and
  2011-04, and 2011-11's units_returned (8,869 instead of 8,958); strict is what "earlier" says,
  and a return stamped the same minute as an order is then never matched to it).
* C invoices are applied in time order, ties by invoice number; a customer's orders at the same
  minute are tried higher invoice number first (not pinned: no effect on this data).
* Unit prices rounded half-up to pence (not pinned: only PADS at 0.001 has more than 2 decimals).
* Invoice time = the earliest InvoiceDate among its lines (43 invoices have lines one minute
  apart; not pinned). The customer is the same on every line of an invoice.
* Time zone. InvoiceDate is London wall-clock time, so the London-local month/day of a fact is the
  date part of its InvoiceDate; no conversion is needed here. Wall-clock strings order exactly like
  UTC instants because no line falls in the DST gap/overlap hour (01:00-01:59 on 2011-03-27 and
  2011-10-30).
"""

from __future__ import annotations

import argparse
import csv
import glob
import gzip
import json
import os
import sys
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
SHIPPING_CODES = {"POST", "DOT", "C2"}
EXCLUDED_CODES = {"D", "M", "m", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK"}
GIFT_CARD_PREFIX = "gift_0001_"
DETAIL_MONTH = "2011-11"

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def kind_of(code: str) -> str:
    if code in SHIPPING_CODES:
        return "shipping"
    if code in EXCLUDED_CODES:
        return "excluded"
    if code.startswith(GIFT_CARD_PREFIX):
        return "gift_card"
    return "product"


def pence(text: str) -> Decimal:
    """A CSV unit price rounded half-up to pence (exact: Decimal parses the text, not a float)."""
    return Decimal(text).quantize(PENNY, rounding=ROUND_HALF_UP)


def read_invoices(data_dir: str):
    """All lines grouped by invoice, in file order: {invoice: [line, ...]}, plus the invoice order."""
    invoices: dict[str, list[dict]] = {}
    files = sorted(glob.glob(os.path.join(data_dir, "*.csv.gz")))
    if not files:
        sys.exit(f"no *.csv.gz in {data_dir}")
    n = 0
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                n += 1
                cust = row["CustomerID"].strip()
                invoices.setdefault(row["InvoiceNo"], []).append({
                    "code": row["StockCode"],
                    "qty": int(row["Quantity"]),
                    "when": row["InvoiceDate"],  # "YYYY-MM-DD HH:MM:SS", London wall time
                    "price_text": row["UnitPrice"],
                    "customer": str(int(Decimal(cust))) if cust else None,
                })
    return invoices, n


def new_bucket():
    return {
        "orders": 0,
        "gross_sales": Decimal("0.00"),
        "shipping": Decimal("0.00"),
        "returns": Decimal("0.00"),
        "units_sold": 0,
        "units_returned": 0,
    }


def compute(data_dir: str):
    invoices, line_count = read_invoices(data_dir)

    months = defaultdict(new_bucket)
    days = defaultdict(new_bucket)
    total = new_bucket()

    def buckets(when: str):
        out = [months[when[:7]], total]
        if when[:7] == DETAIL_MONTH:
            out.append(days[when[:10]])
        return out

    # Orders. For return matching keep, per customer, their orders with the product lines'
    # remaining refundable units: cust -> list of {when, invoice, lines: [[sku, price, left], ...]}.
    orders_by_customer: dict[str, list[dict]] = defaultdict(list)
    returns_invoices = []
    stats = defaultdict(int)

    for inv, lines in invoices.items():
        head = inv[0]
        if head == "C":
            returns_invoices.append(inv)
            continue
        if not head.isdigit():
            stats["skipped_non_sales_invoices"] += 1
            continue
        kept = []
        for ln in lines:
            if ln["qty"] <= 0:
                stats["skipped_negative_lines_outside_C"] += 1
                continue
            price = pence(ln["price_text"])
            if price < 0:
                stats["skipped_negative_price_lines"] += 1
                continue
            kind = kind_of(ln["code"])
            if kind == "excluded":
                stats["skipped_excluded_code_lines"] += 1
                continue
            kept.append((kind, ln, price))
        if not kept:
            stats["invoices_not_orders"] += 1
            continue
        when = min(ln["when"] for ln in lines)
        product_lines = []
        for b in buckets(when):
            b["orders"] += 1
        for kind, ln, price in kept:
            value = price * ln["qty"]
            for b in buckets(when):
                if kind == "product":
                    b["gross_sales"] += value
                    b["units_sold"] += ln["qty"]
                elif kind == "shipping":
                    b["shipping"] += value
            if kind == "product":
                product_lines.append([ln["code"], price, ln["qty"]])
        cust = lines[0]["customer"]
        if cust is not None:
            orders_by_customer[cust].append({"when": when, "invoice": inv, "lines": product_lines})

    # Most recent first (ties: higher invoice number first, i.e. the later invoice).
    for lst in orders_by_customer.values():
        lst.sort(key=lambda o: (o["when"], int(o["invoice"])), reverse=True)

    # Returns, applied in time order of the C invoices.
    def invoice_time(inv: str) -> str:
        return min(ln["when"] for ln in invoices[inv])

    returns_invoices.sort(key=lambda inv: (invoice_time(inv), inv))
    for inv in returns_invoices:
        lines = invoices[inv]
        when = invoice_time(inv)
        cust = lines[0]["customer"]
        for ln in lines:
            kind = kind_of(ln["code"])
            if kind != "product":
                stats["return_lines_not_products"] += 1
                continue
            want = -ln["qty"]
            if want <= 0:
                stats["return_lines_positive_qty"] += 1
                continue
            if cust is None:
                stats["return_units_no_customer"] += want
                continue
            for order in orders_by_customer.get(cust, ()):
                if want == 0:
                    break
                if not order["when"] < when:  # strictly earlier
                    continue
                for pl in order["lines"]:
                    if want == 0:
                        break
                    sku, price, left = pl
                    if sku != ln["code"] or left == 0:
                        continue
                    take = min(left, want)
                    pl[2] -= take
                    want -= take
                    value = price * take
                    for b in buckets(when):  # value: month of the return
                        b["returns"] += value
                    for b in buckets(order["when"]):  # units: month of the order
                        b["units_returned"] += take
                    stats["refunded_units"] += take
            if want:
                stats["return_units_unmatched"] += want

    return months, days, total, stats, line_count


def all_days(month: str) -> list[str]:
    first = date.fromisoformat(month + "-01")
    out, d = [], first
    while d.month == first.month:
        out.append(d.isoformat())
        d += timedelta(days=1)
    return out


def finish(b: dict) -> dict:
    gross = b["gross_sales"]
    net = gross - b["returns"]  # no discounts in this data
    aov = (gross / b["orders"]).quantize(PENNY, rounding=ROUND_HALF_UP) if b["orders"] else None
    return {
        "orders": b["orders"],
        "gross_sales": str(gross.quantize(PENNY)),
        "shipping": str(b["shipping"].quantize(PENNY)),
        "returns": str(b["returns"].quantize(PENNY)),
        "net_sales": str(net.quantize(PENNY)),
        "units_sold": b["units_sold"],
        "units_returned": b["units_returned"],
        "average_order_value": None if aov is None else str(aov),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "data", "online-retail"))
    ap.add_argument("--out", default=os.path.join(ROOT, "test", "fixtures", "online-retail-expected.json"))
    ap.add_argument("--print", action="store_true", help="print the monthly table")
    args = ap.parse_args()

    months, days, total, stats, line_count = compute(args.data)
    out = {
        "source": "Chen, D. (2015). Online Retail [Dataset]. UCI Machine Learning Repository. "
                  "https://doi.org/10.24432/C5BW33 (CC BY 4.0)",
        "generatedBy": "python3 test/oracle/online_retail_oracle.py",
        "shop": {"currencyCode": "GBP", "ianaTimezone": "Europe/London"},
        "definitions": {
            "orders": "invoices starting with a digit with at least one kept line (Quantity > 0, UnitPrice >= 0, code not excluded); by order month",
            "gross_sales": "sum of product lines Quantity x UnitPrice (rounded half-up to pence); no gift cards, no shipping; by order month",
            "shipping": "sum of POST/DOT/C2 lines Quantity x UnitPrice; by order month",
            "returns": "sum of refunded units x the matched order line's unit price; by month of the C invoice",
            "net_sales": "gross_sales - returns (no discounts in this data)",
            "units_sold": "product units ordered; by order month",
            "units_returned": "refunded product units; by month of the ORDER they were refunded from",
            "average_order_value": "gross_sales / orders, rounded half-up to pence (null if no orders)",
        },
        "csvRecords": line_count,
        "stats": dict(sorted(stats.items())),
        "total": finish(total),
        "months": {m: finish(months[m]) for m in sorted(months)},
        # every day of the month, trading or not (a day without orders or returns is all zeros)
        "days": {d: finish(days[d]) for d in all_days(DETAIL_MONTH)},
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=2)
        fh.write("\n")

    if args.print:
        cols = ["orders", "gross_sales", "shipping", "returns", "net_sales", "units_sold", "units_returned", "average_order_value"]
        print("month    " + " ".join(f"{c:>15}" for c in cols))
        for m, v in list(out["months"].items()) + [("total", out["total"])]:
            print(f"{m:8} " + " ".join(f"{str(v[c]):>15}" for c in cols))
        print(json.dumps(out["stats"], indent=1))
    m = out["months"].get(DETAIL_MONTH)
    if m:
        print(f"{DETAIL_MONTH}: orders {m['orders']}, gross {m['gross_sales']}, returns {m['returns']}, "
              f"net {m['net_sales']}, shipping {m['shipping']} -> {os.path.relpath(args.out)}")


if __name__ == "__main__":
    main()
