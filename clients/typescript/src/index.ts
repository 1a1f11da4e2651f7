export * from "./client.js";
export { ErrorCodes, NetworkError, StagedoorError, isStagedoorError, type ErrorCode, type Problem } from "./errors.js";
export { Transport, type Answer, type Call, type CallKind, type ConnectionOptions, type RetryOptions } from "./http.js";
export { LiveStream, type ConnectionState, type LiveStreamOptions, type ServerSentEvent } from "./live.js";
export * from "./notifications.js";
export { Stage, type StageEventName, type StageEvents, type StageOptions } from "./stage.js";
export { tokenClaims, type TokenClaims } from "./token.js";
export type { components, paths } from "./generated/openapi.js";
