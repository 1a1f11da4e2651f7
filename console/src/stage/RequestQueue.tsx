import type { AccessRequest } from "@stagedoor/client";
import { displayName } from "./people";
import { elapsed, moment } from "./time";

interface RequestQueueProps {
  requests: readonly AccessRequest[];
  /** the time the wait is counted to: now, or the moment a past version was recorded */
  now: number;
  /** per-request actions; without them the queue is read only (time travel) */
  actions?: { accept: (request: AccessRequest) => void; deny: (request: AccessRequest) => void };
}

/** The request queue, oldest first, with how long each hand has been up. */
export function RequestQueue({ requests, now, actions }: RequestQueueProps) {
  if (requests.length === 0) return <p class="empty">No raised hands.</p>;
  return (
    <table class="people">
      <caption class="visually-hidden">Raised hands, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Participant</th>
          <th scope="col">Waiting</th>
          {actions && <th scope="col"><span class="visually-hidden">Actions</span></th>}
        </tr>
      </thead>
      <tbody>
        {requests.map((request) => {
          const name = displayName(request);
          return (
            <tr key={request.userId}>
              <td>{request.position}</td>
              <th scope="row">{name}</th>
              <td><time dateTime={request.requestedAt} title={moment(request.requestedAt)}>{elapsed(request.requestedAt, now)}</time></td>
              {actions && (
                <td class="row-actions">
                  <button type="button" aria-label={`Accept ${name}`}
                          onClick={() => actions.accept(request)}>Accept</button>
                  <button type="button" class="secondary" aria-label={`Deny ${name}`}
                          onClick={() => actions.deny(request)}>Deny</button>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
