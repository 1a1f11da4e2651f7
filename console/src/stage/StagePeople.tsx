import type { components } from "@stagedoor/client";
import { displayName } from "./people";
import { moment } from "./time";

type Person = components["schemas"]["Person"];

interface PeopleProps {
  people: readonly Person[];
  /** what the list is, for the hidden caption */
  caption: string;
  /** says who is not there, e.g. "Nobody is on stage." */
  empty: string;
  /** the column of the time, e.g. "Since" */
  sinceLabel: string;
  /** one action per person ("Kick", "Withdraw"); without it the list is read only */
  action?: { label: string; run: (person: Person) => void };
}

/** People on stage, or accepted and not yet joined: who, since when, and what a host may do about them. */
export function StagePeople({ people, caption, empty, sinceLabel, action }: PeopleProps) {
  if (people.length === 0) return <p class="empty">{empty}</p>;
  return (
    <table class="people">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Participant</th>
          <th scope="col">{sinceLabel}</th>
          {action && <th scope="col"><span class="visually-hidden">Actions</span></th>}
        </tr>
      </thead>
      <tbody>
        {people.map((person) => {
          const name = displayName(person);
          return (
            <tr key={person.userId}>
              <th scope="row">{name}</th>
              <td><time dateTime={person.since}>{moment(person.since)}</time></td>
              {action && (
                <td class="row-actions">
                  <button type="button" class="secondary" aria-label={`${action.label} ${name}`}
                          onClick={() => action.run(person)}>{action.label}</button>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** "2 / 4" with a limit, "2" without. */
export function seatCount(onStage: number, maxOnStage: number | undefined): string {
  return maxOnStage === undefined ? String(onStage) : `${onStage} / ${maxOnStage}`;
}
