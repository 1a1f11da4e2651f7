import type { StageStatus } from "@stagedoor/client";

/** How a person is named on screen and in labels: "Ada (ada)", or the user id alone when there is no other name. */
export function displayName(person: { userId: string; name?: string | null }): string {
  return person.name && person.name !== person.userId ? `${person.name} (${person.userId})` : person.userId;
}

const STATUS_NAMES: Record<StageStatus, string> = {
  OFF_STAGE: "off stage",
  REQUESTED_TO_JOIN_STAGE: "hand raised",
  ACCEPTED_TO_JOIN_STAGE: "accepted",
  ON_STAGE: "on stage",
};

/** A stage status as said of anyone: "hand raised". */
export function statusName(status: StageStatus): string {
  return STATUS_NAMES[status];
}
