// Exact money. Amounts are integer minor units (bigint) with their ISO 4217 currency beside them;
// Shopify sends decimal strings ("12.30"), which are parsed digit by digit, never through a float.

export interface Money {
  amount: bigint; // minor units
  currency: string;
}

// ISO 4217 minor-unit exponents that differ from 2 (the default).
const EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function currencyExponent(currency: string): number {
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`not an ISO 4217 currency code: ${JSON.stringify(currency)}`);
  return EXPONENTS[currency] ?? 2;
}

/**
 * "12.3" GBP -> 1230n. Rejects anything that is not a plain decimal. Digits beyond the currency's
 * exponent are rounded half away from zero (Shopify never sends them for shop money; uploads may).
 */
export function parseMinor(decimal: string, currency: string): bigint {
  const exp = currencyExponent(currency);
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!m) throw new Error(`not a decimal amount: ${JSON.stringify(decimal)}`);
  const [, sign, whole, fracRaw = ""] = m;
  const frac = fracRaw.padEnd(exp, "0");
  let minor = BigInt(whole) * 10n ** BigInt(exp) + BigInt(frac.slice(0, exp) || "0");
  const rest = frac.slice(exp);
  if (rest.length > 0 && rest[0] >= "5") minor += 1n;
  return sign ? -minor : minor;
}

/** 1230n GBP -> "12.30" */
export function formatMinor(minor: bigint, currency: string): string {
  const exp = currencyExponent(currency);
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  if (exp === 0) return `${neg ? "-" : ""}${abs}`;
  const s = abs.toString().padStart(exp + 1, "0");
  return `${neg ? "-" : ""}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

/** Multiply a unit price by a quantity, exactly. */
export function times(minor: bigint, quantity: number): bigint {
  if (!Number.isInteger(quantity)) throw new Error(`quantity must be an integer, got ${quantity}`);
  return minor * BigInt(quantity);
}

/**
 * a / b as a decimal string with `digits` places, rounded half away from zero; null when b is 0
 * (an empty period has no average: the UI says so instead of showing 0 or NaN).
 */
export function divideToDecimal(a: bigint, b: bigint, digits: number): string | null {
  if (b === 0n) return null;
  const neg = (a < 0n) !== (b < 0n);
  const aa = a < 0n ? -a : a;
  const bb = b < 0n ? -b : b;
  const scale = 10n ** BigInt(digits);
  let q = (aa * scale * 10n) / bb;
  q = (q + 5n) / 10n;
  const s = q.toString().padStart(digits + 1, "0");
  const out = digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return neg && q !== 0n ? `-${out}` : out;
}

/** Average of minor-unit money over a count, back in minor units (half away from zero). */
export function averageMinor(total: bigint, count: number): bigint | null {
  if (count === 0) return null;
  const c = BigInt(count);
  const neg = total < 0n;
  const abs = neg ? -total : total;
  const q = (abs * 2n + c) / (2n * c);
  return neg ? -q : q;
}

/** Display formatting for people (the UI and e-mails); never parsed back. */
export function formatMoney(minor: bigint, currency: string, locale = "en-GB"): string {
  const exp = currencyExponent(currency);
  // Intl accepts a decimal string, which keeps large amounts exact.
  return new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: exp, maximumFractionDigits: exp })
    .format(formatMinor(minor, currency) as unknown as number);
}
