export { ActionService } from './action.service.ts';
export { RunService, RUN_QUEUE } from './run.service.ts';
export { actionRoutes } from './action.routes.ts';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER, REPLAY_WINDOW_SECONDS } from './webhook-signature.ts';
export { ApprovalNotifier } from './approval-notifier.ts';
