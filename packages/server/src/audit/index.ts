export { insertAuditEntries, listAuditEntries, pruneAuditEntries } from './audit.repo.ts';
export type { AuditEntry, AuditEntryInput, AuditFilter } from './audit.repo.ts';
export { diffDocuments } from './audit-diff.ts';
export { auditRoutes } from './audit.routes.ts';
