export { PorticoClient, PorticoApiError } from './portico-client.ts';
export type { ClientOptions, ImportPayload, ImportReport, SearchPage, WriteSummary } from './portico-client.ts';
