// Exact money for the stand-in. Deliberately independent of app/modules/money.ts: the stand-in
// plays Shopify, and a bug shared between the app and its test double would hide itself.
// Amounts are bigint minor units; Shopify's two wire formats are produced at the edges.

import type { MoneyBag } from "./dataset";

const EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function exponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

/** "12.3" GBP -> 1230n. Throws on anything but a plain decimal: bad fixture data must be loud. */
export function toMinor(decimal: string, currency: string): bigint {
  const exp = exponent(currency);
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!m) throw new Error(`stand-in: not a decimal amount: ${JSON.stringify(decimal)} (${currency})`);
  const [, sign, whole, fracRaw = ""] = m;
  if (fracRaw.length > exp && /[1-9]/.test(fracRaw.slice(exp))) {
    throw new Error(`stand-in: ${decimal} has more precision than ${currency} allows`);
  }
  const minor = BigInt(whole) * 10n ** BigInt(exp) + BigInt(fracRaw.padEnd(exp, "0").slice(0, exp) || "0");
  return sign ? -minor : minor;
}

function fixed(minor: bigint, exp: number): string {
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  if (exp === 0) return `${neg ? "-" : ""}${abs}`;
  const s = abs.toString().padStart(exp + 1, "0");
  return `${neg ? "-" : ""}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

/**
 * GraphQL `Decimal` as Shopify serialises it: trailing zeros dropped but one fractional digit kept
 * ("99.0", "12.9", "0.0", "12.34"), as seen in real Admin API responses and bulk JSONL.
 */
export function graphqlDecimal(minor: bigint, currency: string): string {
  const s = fixed(minor, exponent(currency));
  if (!s.includes(".")) return `${s}.0`;
  const trimmed = s.replace(/0+$/, "");
  return trimmed.endsWith(".") ? `${trimmed}0` : trimmed;
}

const normalised = new Map<string, string>();

/** A dataset decimal in Shopify's GraphQL form, memoised: exports format the same prices a lot. */
export function normaliseDecimal(amount: string, currency: string): string {
  const key = `${amount} ${currency}`;
  let out = normalised.get(key);
  if (out === undefined) {
    out = graphqlDecimal(toMinor(amount, currency), currency);
    if (normalised.size > 200_000) normalised.clear();
    normalised.set(key, out);
  }
  return out;
}

/** REST money: always the currency's full number of decimals ("199.00"). */
export function restDecimal(minor: bigint, currency: string): string {
  return fixed(minor, exponent(currency));
}

/** A money bag in minor units: the form every derived total is computed in. */
export interface MinorBag {
  shop: bigint;
  shopCurrency: string;
  presentment: bigint;
  presentmentCurrency: string;
}

export function bagToMinor(bag: MoneyBag): MinorBag {
  return {
    shop: toMinor(bag.shopMoney.amount, bag.shopMoney.currencyCode),
    shopCurrency: bag.shopMoney.currencyCode,
    presentment: toMinor(bag.presentmentMoney.amount, bag.presentmentMoney.currencyCode),
    presentmentCurrency: bag.presentmentMoney.currencyCode,
  };
}

export function zeroBag(shopCurrency: string, presentmentCurrency: string): MinorBag {
  return { shop: 0n, shopCurrency, presentment: 0n, presentmentCurrency };
}

export function addBags(a: MinorBag, b: MinorBag): MinorBag {
  if (a.shopCurrency !== b.shopCurrency || a.presentmentCurrency !== b.presentmentCurrency) {
    throw new Error(`stand-in: adding ${a.shopCurrency}/${a.presentmentCurrency} to ${b.shopCurrency}/${b.presentmentCurrency}`);
  }
  return { ...a, shop: a.shop + b.shop, presentment: a.presentment + b.presentment };
}

export function subBags(a: MinorBag, b: MinorBag): MinorBag {
  return addBags(a, { ...b, shop: -b.shop, presentment: -b.presentment });
}

export function scaleBag(a: MinorBag, quantity: number): MinorBag {
  if (!Number.isInteger(quantity)) throw new Error(`stand-in: quantity must be an integer, got ${quantity}`);
  const q = BigInt(quantity);
  return { ...a, shop: a.shop * q, presentment: a.presentment * q };
}

export function sumBags(bags: MinorBag[], shopCurrency: string, presentmentCurrency: string): MinorBag {
  return bags.reduce(addBags, zeroBag(shopCurrency, presentmentCurrency));
}

/** Back to the dataset's wire shape (GraphQL decimal strings). */
export function minorToBag(b: MinorBag): MoneyBag {
  return {
    shopMoney: { amount: graphqlDecimal(b.shop, b.shopCurrency), currencyCode: b.shopCurrency },
    presentmentMoney: { amount: graphqlDecimal(b.presentment, b.presentmentCurrency), currencyCode: b.presentmentCurrency },
  };
}
