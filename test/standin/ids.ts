// Shopify global ids ("gid://shopify/Order/450789469") and the numeric REST ids behind them.

import { createHash } from "node:crypto";

export interface ParsedGid {
  type: string;
  tail: string;
}

const GID = /^gid:\/\/shopify\/([A-Za-z][A-Za-z0-9]*)\/([^/?#\s]+)(?:\?.*)?$/;

export function parseGid(id: string): ParsedGid | null {
  const m = GID.exec(id);
  return m ? { type: m[1], tail: m[2] } : null;
}

export function gid(type: string, tail: string | number | bigint): string {
  return `gid://shopify/${type}/${tail}`;
}

/** REST bodies carry numeric ids; a non-numeric fixture id stays a string rather than becoming NaN. */
export function restId(id: string): number | string {
  const tail = parseGid(id)?.tail ?? id;
  if (/^\d+$/.test(tail)) {
    const n = Number(tail);
    if (Number.isSafeInteger(n)) return n;
  }
  return tail;
}

/** Numeric tail for sorting by ID; ids that are not numeric sort after all numeric ones. */
export function numericTail(id: string): number {
  const tail = parseGid(id)?.tail ?? id;
  return /^\d+$/.test(tail) ? Number(tail) : Number.MAX_SAFE_INTEGER;
}

/** A stable numeric id derived from a string, for objects the dataset does not number (the shop). */
export function stableNumericId(seed: string): number {
  const h = createHash("sha256").update(seed).digest();
  // 48 bits: large like Shopify's ids, still a safe integer.
  return h.readUIntBE(0, 6);
}
