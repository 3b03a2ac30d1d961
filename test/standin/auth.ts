// Session tokens (the HS256 JWTs App Bridge hands the embedded app) and the access tokens Shopify
// issues for them by token exchange (https://shopify.dev/docs/apps/auth/get-access-tokens/token-exchange),
// including expiring offline tokens with rotating refresh tokens.

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";
/** Refresh tokens of expiring offline tokens live 90 days. */
export const REFRESH_TOKEN_TTL_SECONDS = 7_776_000;
/** Online tokens last for the user's admin session, a day at most. */
export const ONLINE_TOKEN_TTL_SECONDS = 86_399;
/** Leeway for clock skew between App Bridge and Shopify when checking exp/nbf. */
const CLOCK_TOLERANCE_SECONDS = 10;

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
}

export function signJwt(claims: object, secret: string): string {
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify(claims));
  const sig = createHmac("sha256", secret).update(`${head}.${body}`).digest();
  return `${head}.${body}.${b64url(sig)}`;
}

export function mintSessionToken(shop: string, apiKey: string, secret: string, nowMs: number, opts: { userId?: string; expiresInSeconds?: number } = {}): string {
  const iat = Math.floor(nowMs / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: apiKey,
    sub: opts.userId ?? "42",
    // App Bridge session tokens live one minute.
    exp: iat + (opts.expiresInSeconds ?? 60),
    nbf: iat,
    iat,
    jti: randomUUID(),
    sid: randomBytes(16).toString("hex"),
  };
  return signJwt(claims, secret);
}

export class JwtError extends Error {}

/** Verifies signature, algorithm, expiry, not-before and audience; returns the claims. */
export function verifySessionToken(token: string, apiKey: string, secret: string, nowMs: number): SessionTokenClaims {
  const parts = token.split(".");
  if (parts.length !== 3) throw new JwtError("malformed token");
  let header: { alg?: unknown };
  let claims: Partial<SessionTokenClaims>;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    throw new JwtError("malformed token");
  }
  if (header.alg !== "HS256") throw new JwtError(`unsupported algorithm ${String(header.alg)}`);
  const expected = createHmac("sha256", secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new JwtError("signature verification failed");
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== "number" || now > claims.exp + CLOCK_TOLERANCE_SECONDS) throw new JwtError("token expired");
  if (typeof claims.nbf === "number" && now + CLOCK_TOLERANCE_SECONDS < claims.nbf) throw new JwtError("token not yet valid");
  if (claims.aud !== apiKey) throw new JwtError("audience does not match the client id");
  if (typeof claims.dest !== "string" || typeof claims.iss !== "string") throw new JwtError("missing dest or iss");
  return claims as SessionTokenClaims;
}

/** The shop a session token is for: `dest` is "https://{shop}". */
export function shopOfClaims(claims: Pick<SessionTokenClaims, "dest">): string {
  return claims.dest.replace(/^https:\/\//, "").replace(/\/.*$/, "");
}

/** Read the `dest` of a token without trusting it (to route an error to the right shop). */
export function peekDest(token: string): string | null {
  try {
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { dest?: unknown };
    return typeof claims.dest === "string" ? shopOfClaims({ dest: claims.dest }) : null;
  } catch {
    return null;
  }
}

export interface AccessToken {
  token: string;
  shop: string;
  online: boolean;
  userId: string | null;
  scope: string;
  expiresAt: number | null; // ms; null = never (non-expiring offline)
  revoked: boolean;
  refreshToken: RefreshToken | null;
}

export interface RefreshToken {
  token: string;
  shop: string;
  scope: string;
  expiresAt: number;
  retired: boolean;
  /** The refresh token redeemed to get this one; it stays usable until this pair is first used. */
  predecessor: RefreshToken | null;
}

export class TokenStore {
  private access = new Map<string, AccessToken>();
  private refresh = new Map<string, RefreshToken>();

  constructor(private readonly now: () => number) {}

  issue(
    shop: string,
    opts: { online: boolean; expiring: boolean; userId: string | null; scope: string; ttlSeconds: number; predecessor?: RefreshToken | null },
  ): AccessToken {
    const token = `${opts.online ? "shpua" : "shpat"}_${randomBytes(16).toString("hex")}`;
    const now = this.now();
    const at: AccessToken = {
      token,
      shop,
      online: opts.online,
      userId: opts.userId,
      scope: opts.scope,
      expiresAt: opts.online ? now + ONLINE_TOKEN_TTL_SECONDS * 1000 : opts.expiring ? now + opts.ttlSeconds * 1000 : null,
      revoked: false,
      refreshToken: null,
    };
    if (!opts.online && opts.expiring) {
      const rt: RefreshToken = {
        token: `shprt_${randomBytes(16).toString("hex")}`,
        shop,
        scope: opts.scope,
        expiresAt: now + REFRESH_TOKEN_TTL_SECONDS * 1000,
        retired: false,
        predecessor: opts.predecessor ?? null,
      };
      this.refresh.set(rt.token, rt);
      at.refreshToken = rt;
    }
    this.access.set(token, at);
    return at;
  }

  /** A usable access token, or null (unknown, expired, revoked). */
  lookup(token: string | undefined): AccessToken | null {
    if (!token) return null;
    const at = this.access.get(token);
    if (!at || at.revoked) return null;
    if (at.expiresAt !== null && this.now() >= at.expiresAt) return null;
    this.retirePredecessor(at.refreshToken);
    return at;
  }

  // Shopify keeps the previous refresh token usable until the app starts using its replacement,
  // so a refresh response lost in transit does not lock the app out.
  private retirePredecessor(rt: RefreshToken | null): void {
    if (rt?.predecessor) {
      rt.predecessor.retired = true;
      rt.predecessor = null;
    }
  }

  /** A refresh token that may be exchanged, or null. The caller issues the new pair. */
  redeem(refreshToken: string): RefreshToken | null {
    const rt = this.refresh.get(refreshToken);
    if (!rt || rt.retired || this.now() >= rt.expiresAt) return null;
    this.retirePredecessor(rt);
    return rt;
  }

  /** app/uninstalled: every token for the shop stops working. */
  revokeShop(shop: string): void {
    for (const at of this.access.values()) if (at.shop === shop) at.revoked = true;
    for (const rt of this.refresh.values()) if (rt.shop === shop) rt.retired = true;
  }
}
