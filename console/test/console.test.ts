import { StagedoorClient } from "@stagedoor/client";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { ConsolePage, eventually, launchChromium, tabTo } from "./support/browser.js";
import { webinar } from "./support/meetings.js";
import { startStagedoor, type Stagedoor } from "./support/stagedoor.js";

/**
 * The console as its users meet it: Chromium against the standalone jar (which serves the console at /console/), each
 * user in a browser context of their own, signed in through the page's form. Meetings and participants are made through
 * the API with the server's service key, as a backend would.
 */
describe("the host console in a browser", () => {
  let server: Stagedoor;
  let browser: Browser;
  let admin: StagedoorClient;
  const pages: ConsolePage[] = [];

  before(async () => {
    [server, browser] = await Promise.all([startStagedoor("console-tests"), launchChromium()]);
    admin = new StagedoorClient({ baseUrl: server.baseUrl, apiKey: server.apiKey });
  }, { timeout: 240_000 });

  after(async () => {
    await browser?.close();
    await server?.close();
  }, { timeout: 60_000 });

  /** A console signed in with a participant's token, closed (and checked for problems) after the test. */
  async function signedIn(token: string): Promise<ConsolePage> {
    const page = await ConsolePage.open(browser, server.baseUrl);
    pages.push(page);
    await page.signInWithToken(token);
    await page.connection("Live").waitFor();
    return page;
  }

  /** Every page of the test showed no uncaught error and broke no Content-Security-Policy rule; then closes them. */
  async function closePages(): Promise<void> {
    const closing = pages.splice(0);
    const problems = closing.flatMap((page) => page.problems);
    await Promise.all(closing.map((page) => page.close()));
    assert.deepEqual(problems, [], "no uncaught errors, no CSP violations");
  }

  it("a raised hand reaches the host's queue within a second; accept, join, on stage; accept all; kick", async () => {
    const { meetingId, tokens } = await webinar(admin, { ada: "Ada", bo: "Bo", cy: "Cy" }, { maxOnStage: 4 });
    try {
      const [host, ada, bo] = await Promise.all([signedIn(tokens.host!), signedIn(tokens.ada!), signedIn(tokens.bo!)]);
      await host.page.getByText("host view").waitFor();
      await ada.page.getByText("viewer view").waitFor();
      await ada.ownStatus("Off stage").waitFor();

      // a viewer raises a hand: the host sees it in the queue within a second
      const raised = Date.now();
      await ada.button("Raise hand").click();
      await host.button("Accept Ada (ada)").waitFor();
      const latency = Date.now() - raised;
      console.log(`queue latency: ${latency} ms from the click to the host's row`);
      assert.ok(latency <= 1000, `the raised hand took ${latency} ms to reach the host's queue`);
      await ada.ownStatus("Hand raised — waiting for a host").waitFor();
      await host.region(/^Raised hands/).getByRole("row", { name: /Ada \(ada\)/ }).getByText(/^\d+:\d\d$/).waitFor();

      // the host accepts; the viewer is told, joins, and the host sees it on stage
      await host.button("Accept Ada (ada)").click();
      await ada.ownStatus("Accepted — you may join").waitFor();
      await ada.page.getByRole("status").filter({ hasText: "Your request was accepted: you may join the stage." }).waitFor();
      await ada.button("Join stage").click();
      await ada.ownStatus("On stage").waitFor();
      const onStage = host.region(/^On stage/);
      await onStage.getByRole("row", { name: /Ada \(ada\)/ }).waitFor();
      await onStage.getByRole("heading", { name: "On stage 1 / 4" }).waitFor();
      await bo.region(/^Presenting now/).getByText("Ada (ada)").waitFor();

      // two more hands, one raised through the API: the host's queue in order, with its wait timers
      await bo.button("Raise hand").click();
      await bo.ownStatus("Hand raised — waiting for a host").waitFor(); // the click's request was answered: bo asked first
      await admin.requestAccess(meetingId, "cy");
      const queue = host.region(/^Raised hands/);
      await queue.getByRole("row", { name: /Cy \(cy\)/ }).waitFor();
      assert.deepEqual(await queue.getByRole("rowheader").allInnerTexts(), ["Bo (bo)", "Cy (cy)"], "oldest first");
      await host.screenshot("console-host");
      await ada.screenshot("console-viewer");

      // accept all: both are accepted, the queue is empty
      await host.button("Accept all").click();
      await bo.ownStatus("Accepted — you may join").waitFor();
      await queue.getByText("No raised hands.").waitFor();
      const accepted = host.region(/^On stage/);
      await accepted.getByRole("row", { name: /Bo \(bo\)/ }).waitFor();
      await accepted.getByRole("row", { name: /Cy \(cy\)/ }).waitFor();

      // kick: the viewer is off stage again, and told so
      await host.button("Kick Ada (ada)").click();
      await ada.ownStatus("Off stage").waitFor();
      await ada.page.getByRole("status").filter({ hasText: "A host took you off the stage." }).waitFor();
      await onStage.getByRole("heading", { name: "On stage 0 / 4" }).waitFor();
      await bo.region(/^Presenting now/).getByText("Nobody is on stage.").waitFor();
    } finally {
      await closePages();
    }
  });

  it("time travel shows the stage as it was at an earlier version, while the live view goes on", async () => {
    const { meetingId, tokens } = await webinar(admin, { ada: "Ada" });
    try {
      await admin.requestAccess(meetingId, "ada");
      const granted = await admin.grantAccess(meetingId, { userIds: ["ada"] });
      await admin.join(meetingId, "ada");
      const host = await signedIn(tokens.host!);
      await host.region(/^On stage/).getByRole("row", { name: /Ada \(ada\)/ }).waitFor();

      const asOf = (version: number) => host.region(new RegExp(`^As of version ${version}\\b`));
      const slider = host.page.getByRole("slider", { name: "Meeting version" });
      await slider.fill(String(granted.version - 1));
      const past = asOf(granted.version - 1);
      await past.waitFor();
      await past.getByRole("region", { name: /^Raised hands/ }).getByRole("row", { name: /Ada \(ada\)/ }).waitFor();
      await past.getByRole("region", { name: /^On stage/ }).getByText("Nobody was on stage.").waitFor();
      assert.equal(await past.getByRole("region", { name: /^On stage/ }).getByRole("row", { name: /Ada/ }).count(), 0);

      // the live view keeps going underneath: a change now shows there, not in the past
      await admin.kick(meetingId, ["ada"]);
      await host.region(/^On stage/).getByRole("heading", { name: "On stage 0" }).waitFor();
      await past.getByRole("region", { name: /^Raised hands/ }).getByRole("row", { name: /Ada \(ada\)/ }).waitFor();

      await slider.fill(String(granted.version + 1));
      await asOf(granted.version + 1).getByRole("region", { name: /^On stage/ }).getByRole("row", { name: /Ada \(ada\)/ }).waitFor();

      await host.button("Back to live").click();
      await host.region(/^As of version/).waitFor({ state: "detached" });
    } finally {
      await closePages();
    }
  });

  it("errors are shown in words with their code; the host's main actions work from the keyboard alone", async () => {
    const { meetingId, tokens } = await webinar(admin, { ada: "Ada", bo: "Bo" }, { maxOnStage: 1 });
    try {
      // a refused sign-in: a token whose signature is not Stagedoor's
      const stranger = await ConsolePage.open(browser, server.baseUrl);
      pages.push(stranger);
      await stranger.signInWithToken(`${tokens.ada!.slice(0, -6)}AAAAAA`);
      await stranger.page.getByRole("alert").filter({ hasText: "2012 — These credentials are not valid" }).waitFor();

      await admin.requestAccess(meetingId, "ada");
      await admin.requestAccess(meetingId, "bo");
      const [host, bo] = await Promise.all([signedIn(tokens.host!), signedIn(tokens.bo!)]);
      await host.button("Accept Bo (bo)").waitFor();

      // keyboard only: Tab to each Accept, Enter
      await tabTo(host.page, "Accept Ada (ada)");
      await host.page.keyboard.press("Enter");
      await host.region(/^On stage/).getByRole("row", { name: /Ada \(ada\)/ }).waitFor();
      await tabTo(host.page, "Accept Bo (bo)");
      await host.page.keyboard.press("Enter");
      await bo.ownStatus("Accepted — you may join").waitFor();

      // one seat, taken: joining is refused, and the viewer reads why, with the code
      await admin.join(meetingId, "ada");
      await host.region(/^On stage/).getByRole("heading", { name: "On stage 1 / 1" }).waitFor();
      await bo.button("Join stage").click();
      await bo.region("Your place").getByRole("alert").filter({ hasText: "Join stage: 2006 — The stage is full." }).waitFor();
      await bo.ownStatus("Accepted — you may join").waitFor();

      // keyboard only: a second seat through the settings form
      await tabTo(host.page, "Seats on stage (maxOnStage)");
      await host.page.keyboard.press("ControlOrMeta+a");
      await host.page.keyboard.type("2");
      await tabTo(host.page, "Save settings");
      await host.page.keyboard.press("Enter");
      await host.region(/^On stage/).getByRole("heading", { name: "On stage 1 / 2" }).waitFor();
      await bo.button("Join stage").click();
      await bo.ownStatus("On stage").waitFor();

      // a value out of bounds: Stagedoor's refusal in words, next to the form
      await host.page.getByLabel("Seats on stage (maxOnStage)").fill("0");
      await host.button("Save settings").click();
      await host.region("Settings").getByRole("alert").filter({ hasText: "Save settings: 2011 — " }).waitFor();
    } finally {
      await closePages();
    }
  });

  it("an operator signs in with the service key; a reload keeps the sign-in; a viewer made host switches views", async () => {
    const { meetingId, tokens } = await webinar(admin, { ada: "Ada", bo: "Bo" });
    try {
      const operator = await ConsolePage.open(browser, server.baseUrl);
      pages.push(operator);
      await operator.signInAsOperator(server.apiKey, meetingId);
      await operator.page.getByText("signed in as a service").waitFor();
      await operator.region("Settings").getByRole("button", { name: "Save settings" }).waitFor();
      await operator.page.reload();
      await operator.connection("Live").waitFor();
      await operator.page.getByText("signed in as a service").waitFor();

      const ada = await signedIn(tokens.ada!);
      await ada.page.getByText("viewer view").waitFor();
      await admin.changePermissions(meetingId, "ada", { acceptStageRequests: true });
      await ada.page.getByText("host view").waitFor();
      await admin.requestAccess(meetingId, "bo");
      await ada.button("Accept Bo (bo)").waitFor();
      await operator.button("Accept Bo (bo)").waitFor();
      await ada.region("Settings").getByText("Changing the settings needs the permission canChangeParticipantPermissions", { exact: false }).waitFor();

      await operator.button("Sign out").click();
      await operator.page.getByRole("form", { name: "Operator" }).waitFor();
      await operator.page.reload();
      await operator.page.getByRole("form", { name: "Operator" }).waitFor();
    } finally {
      await closePages();
    }
  });

  it("after a restart of Stagedoor every page recovers by itself, and shows what changed meanwhile", async () => {
    const { meetingId, tokens } = await webinar(admin, { ada: "Ada", bo: "Bo" }, { maxOnStage: 3 });
    try {
      const [host, ada, bo] = await Promise.all([signedIn(tokens.host!), signedIn(tokens.ada!), signedIn(tokens.bo!)]);
      await ada.button("Raise hand").click();
      await host.button("Accept Ada (ada)").waitFor();

      const restarting = server.restart();
      await Promise.all([host, ada, bo].map((page) => page.connection("Reconnecting…").waitFor({ timeout: 30_000 })));
      await restarting;
      // right after it is back, before the pages have reconnected: changes through the API
      await admin.grantAccess(meetingId, { userIds: ["ada"] });
      await admin.changeSettings(meetingId, { maxOnStage: 7 });
      await admin.join(meetingId, "ada");

      await Promise.all([host, ada, bo].map((page) => page.connection("Live").waitFor({ timeout: 30_000 })));
      await host.region(/^On stage/).getByRole("heading", { name: "On stage 1 / 7" }).waitFor();
      await host.region(/^On stage/).getByRole("row", { name: /Ada \(ada\)/ }).waitFor();
      await host.region(/^Raised hands/).getByText("No raised hands.").waitFor();
      await eventually(async () => assert.equal(await host.page.getByLabel("Seats on stage (maxOnStage)").inputValue(), "7"));
      await ada.ownStatus("On stage").waitFor();
      await bo.region(/^Presenting now/).getByText("Ada (ada)").waitFor();

      // and they keep working: the live notifications flow again
      await bo.button("Raise hand").click();
      await host.button("Accept Bo (bo)").waitFor();
    } finally {
      await closePages();
    }
  });
});
