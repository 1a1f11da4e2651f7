import type { MeetingSettingsChange, StageOverview } from "@stagedoor/client";

/** The settings a host may change in the console, with their bounds (SPEC §2, §8). */
export const NUMBER_SETTINGS = [
  { key: "maxOnStage", label: "Seats on stage (maxOnStage)", hint: "1–10,000; empty: no limit", min: 1, max: 10_000 },
  { key: "requestTimeoutSeconds", label: "Request timeout, seconds", hint: "10–86,400; empty: requests never expire", min: 10, max: 86_400 },
  { key: "acceptTimeoutSeconds", label: "Acceptance timeout, seconds", hint: "10–86,400; empty: acceptances never lapse", min: 10, max: 86_400 },
  { key: "maxPendingRequests", label: "Raised hands at most (maxPendingRequests)", hint: "1–10,000; empty: no limit", min: 1, max: 10_000 },
  { key: "presenceGraceSeconds", label: "Presence grace, seconds", hint: "5–3,600; empty: presence not watched", min: 5, max: 3_600 },
] as const;

export type NumberSetting = (typeof NUMBER_SETTINGS)[number]["key"];

/** What the user typed or ticked, per setting; a setting not touched is absent. */
export interface SettingsDraft {
  numbers: Partial<Record<NumberSetting, string>>;
  autoAccept?: boolean;
}

/**
 * The PATCH for what the user changed, and only that: an emptied field unsets the setting (null), a setting typed back
 * to its current value is left out. Values are sent as typed (Stagedoor judges them: 2011 with its reason).
 */
export function settingsChange(current: StageOverview, draft: SettingsDraft): MeetingSettingsChange {
  const change: MeetingSettingsChange = {};
  for (const { key } of NUMBER_SETTINGS) {
    const typed = draft.numbers[key];
    if (typed === undefined) continue;
    const value = typed.trim() === "" ? null : Number(typed);
    if (value !== (current[key] ?? null)) change[key] = value;
  }
  if (draft.autoAccept !== undefined && draft.autoAccept !== current.autoAccept) change.autoAccept = draft.autoAccept;
  return change;
}
