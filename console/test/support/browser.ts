import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";

/**
 * Chromium, headless. `launch` starts it with a fresh temporary profile (user-data dir) of its own, removed when it
 * closes, so no test sees another run's storage; each context of it is isolated again (its own sessionStorage).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run"],
  });
}

/** Where screenshots go: SCREENSHOTS (the Maven build sets it), else console/build/screenshots. */
export const screenshots = process.env.SCREENSHOTS
  ?? resolve(dirname(fileURLToPath(import.meta.url)), "../../screenshots");

/** One user's console in a browser context of its own: what it shows, and what went wrong in it. */
export class ConsolePage {
  /** uncaught exceptions and Content-Security-Policy violations: the console must have none */
  readonly problems: string[] = [];

  private constructor(readonly context: BrowserContext, readonly page: Page) {
    page.on("pageerror", (error) => this.problems.push(`uncaught: ${error.message}`));
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) this.problems.push(`CSP: ${message.text()}`);
    });
  }

  static async open(browser: Browser, baseUrl: string): Promise<ConsolePage> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const opened = new ConsolePage(context, page);
    await page.goto(`${baseUrl}/console/`);
    return opened;
  }

  /** Signs in as a user would: pastes the participant token into the form and presses Sign in. */
  async signInWithToken(token: string): Promise<void> {
    const form = this.page.getByRole("form", { name: "Participant" });
    await form.getByLabel("Participant token").fill(token);
    await form.getByRole("button", { name: "Sign in" }).click();
  }

  async signInAsOperator(apiKey: string, meetingId: string): Promise<void> {
    const form = this.page.getByRole("form", { name: "Operator" });
    await form.getByLabel("Service API key").fill(apiKey);
    await form.getByLabel("Meeting id").fill(meetingId);
    await form.getByRole("button", { name: "Sign in" }).click();
  }

  region(name: string | RegExp): Locator {
    return this.page.getByRole("region", { name });
  }

  button(name: string): Locator {
    return this.page.getByRole("button", { name, exact: true });
  }

  /** The viewer's own status, in words. */
  ownStatus(words: string): Locator {
    return this.region("Your place").getByText(words, { exact: true });
  }

  connection(words: string): Locator {
    return this.page.getByRole("status").filter({ hasText: `Connection: ${words}` });
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(screenshots, { recursive: true });
    const path = join(screenshots, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** Retries an assertion until it holds (polling, no fixed sleep), failing with its last error after `timeoutMs`. */
export async function eventually(assertion: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((retry) => setTimeout(retry, 50));
    }
  }
}

/**
 * Presses Tab until the control named `name` has the focus (a keyboard user's way there), and checks it shows that
 * focus; fails if it is not reached within `maxTabs`.
 */
export async function tabTo(page: Page, name: string, maxTabs = 80): Promise<void> {
  for (let tab = 0; tab < maxTabs; tab++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return undefined;
      const labelled = element.getAttribute("aria-label")
        ?? (element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : undefined)
        ?? element.textContent;
      return { name: labelled?.trim(), focusVisible: element.matches(":focus-visible") };
    });
    if (focused?.name === name) {
      if (!focused.focusVisible) throw new Error(`${name} has the focus but does not show it`);
      return;
    }
  }
  throw new Error(`${name} not reached with ${maxTabs} presses of Tab`);
}
