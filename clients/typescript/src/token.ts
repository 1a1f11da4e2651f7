/** What a participant token says: its user (`sub`), its meeting, when it was issued and expires (`iat`, `exp`: seconds since 1970). */
export interface TokenClaims {
  sub?: string;
  meeting?: string;
  exp?: number;
  iat?: number;
}

/** The claims of a participant token that say where it belongs (read, not verified: Stagedoor verifies it). */
export function tokenClaims(token: string): TokenClaims {
  const payload = token.split(".")[1];
  if (!payload) throw new TypeError("not a participant token (a JWT)");
  const base64 = payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "=");
  const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  return JSON.parse(json) as TokenClaims;
}
