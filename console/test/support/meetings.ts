import type { CreateMeeting, StagedoorClient } from "@stagedoor/client";
import { randomUUID } from "node:crypto";

/** A webinar made through the API as a service would: a host and named viewers, each with its token. */
export async function webinar(admin: StagedoorClient, viewers: Record<string, string>, settings: Omit<CreateMeeting, "meetingId" | "title"> = {}) {
  const meetingId = `console-${randomUUID().slice(0, 8)}`;
  await admin.createMeeting({ meetingId, title: "Town hall", ...settings });
  const host = await admin.addParticipant(meetingId, { userId: "host", name: "Hester", preset: "webinar_host" });
  const tokens: Record<string, string> = { host: host.token! };
  for (const [userId, name] of Object.entries(viewers)) {
    tokens[userId] = (await admin.addParticipant(meetingId, { userId, name, preset: "webinar_viewer" })).token!;
  }
  return { meetingId, tokens };
}
