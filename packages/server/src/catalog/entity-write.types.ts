import type { Entity, ErrorCode, ErrorDetail } from '@portico/model';

/** How a write treats an entity that exists or does not. */
export type WriteMode = 'create' | 'upsert' | 'replace' | 'merge';

export interface WriteItem {
  blueprint: string;
  input: unknown;
}

export interface WriteOptions {
  mode: WriteMode;
  /** Refuse the whole batch if any item fails (nothing is written). */
  atomic: boolean;
  /** Create an empty entity for a relation target that does not exist, instead of failing. */
  createMissingRelated: boolean;
  actor: string;
  /** The caller's permissions, checked per item; absent: no checks (admins, system writes). */
  guard?: EntityWriteGuard;
  /** Only report what would happen. */
  dryRun?: boolean;
  /** Put each written entity in its result (default true; imports leave them out to stay small). */
  returnEntities?: boolean;
  /** Called before the first chunk is written and after each one (for progress bars). */
  onProgress?: (progress: { done: number; total: number }) => void;
}

export type WriteStatus = 'created' | 'updated' | 'unchanged' | 'failed';

export interface WriteResult {
  index: number;
  blueprint: string;
  identifier: string | null;
  status: WriteStatus;
  entity?: Entity;
  error?: { code: ErrorCode; message: string; details: ErrorDetail[] };
}

export interface WriteSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  results: WriteResult[];
}

/** The caller's write check (see permissions/EntityGuard); absent for admins and system writes. */
export interface EntityWriteGuard {
  /** @throws PorticoError when the caller may not do `action` on this entity. */
  assert(blueprint: string, identifier: string, action: 'create' | 'update' | 'delete', owners: { before?: readonly string[]; after?: readonly string[] }): void;
}
