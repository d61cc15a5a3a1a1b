import type { Actor } from '../auth/access.ts';
import type { EntityWriteGuard } from './entity-write.types.ts';
import type { Visibility } from './visibility.ts';

/** What the catalog's routes ask of the permissions module about the caller (implemented by AccessService). */
export interface CallerAccess {
  /** The entities the caller may read. */
  visibility(actor: Actor | null): Promise<Visibility>;
  /** The caller's write check; undefined when nothing needs checking (admins). */
  guard(actor: Actor | null): Promise<EntityWriteGuard | undefined>;
}
