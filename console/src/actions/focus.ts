import type { RefObject } from "preact";

/**
 * A row's action (accept, deny, kick, invite) usually removes the row, and with it the focused button: the focus would
 * fall back to the start of the page. After a successful row action the focus goes to the section's heading instead,
 * so a keyboard user goes on from there.
 */
export async function keepFocusInSection(heading: RefObject<HTMLElement>, action: Promise<boolean>): Promise<void> {
  const hadFocus = heading.current?.closest("section")?.contains(document.activeElement) ?? false;
  if ((await action) && hadFocus) heading.current?.focus();
}
