import { Stage, tokenClaims } from "@stagedoor/client";

/** Who signs in: a participant with its token, or an operator with a service's API key (optionally acting for a participant). */
export type Credentials =
  | { kind: "participant"; token: string }
  | { kind: "service"; apiKey: string; meetingId: string; actingUser?: string };

const KEY = "stagedoor.console.credentials";

/**
 * The sign-in is kept in sessionStorage: this tab stays signed in across reloads, other tabs and a restarted browser
 * do not (decisions #72).
 */
export function savedCredentials(): Credentials | undefined {
  try {
    const saved = sessionStorage.getItem(KEY);
    return saved ? (JSON.parse(saved) as Credentials) : undefined;
  } catch {
    return undefined;
  }
}

export function saveCredentials(credentials: Credentials): void {
  sessionStorage.setItem(KEY, JSON.stringify(credentials));
}

export function forgetCredentials(): void {
  sessionStorage.removeItem(KEY);
}

/** The meeting and the user a participant token names (read, not verified: Stagedoor verifies it). */
export function claimsOf(token: string): { meetingId?: string; userId?: string; expiresAt?: Date } | undefined {
  try {
    const claims = tokenClaims(token.trim());
    return { meetingId: claims.meeting, userId: claims.sub, expiresAt: claims.exp ? new Date(claims.exp * 1000) : undefined };
  } catch {
    return undefined;
  }
}

/** Connects to the meeting's stage on this page's own origin; refused credentials reject with Stagedoor's error. */
export async function connect(credentials: Credentials): Promise<Stage> {
  const common = { baseUrl: "", newIdempotencyKey };
  if (credentials.kind === "participant") {
    if (!claimsOf(credentials.token)) throw new TypeError("This is not a participant token (a JWT of three parts).");
    return Stage.connect({ ...common, token: credentials.token.trim() });
  }
  return Stage.connect({
    ...common,
    apiKey: credentials.apiKey.trim(),
    meetingId: credentials.meetingId.trim(),
    actingUser: credentials.actingUser?.trim() || undefined,
  });
}

/** A UUID for each command's Idempotency-Key, also where crypto.randomUUID is missing (a page served over plain HTTP). */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
