import { type AccessProfile, type BlueprintPermissions, type EntityAction, PorticoError, decideEntity } from '@portico/model';
import type { Visibility } from '../catalog/index.ts';

/**
 * The write check of one caller, asked by every entity write (single, bulk, import) before
 * anything is written: may this caller create, update or delete this entity?
 */
export class EntityGuard {
  constructor(
    private readonly profile: AccessProfile,
    private readonly permissionsOf: (blueprint: string) => BlueprintPermissions,
    readonly visibility: Visibility,
  ) {}

  /** @throws PorticoError FORBIDDEN naming the reason; NOT_FOUND for an entity the caller cannot see. */
  assert(blueprint: string, identifier: string, action: EntityAction, owners: { before?: readonly string[]; after?: readonly string[] }): void {
    if (owners.before && !this.visibility.allows(blueprint, owners.before)) {
      throw new PorticoError('NOT_FOUND', `Entity "${identifier}" of blueprint "${blueprint}" does not exist`);
    }
    const decision = decideEntity(this.profile, blueprint, this.permissionsOf(blueprint), action, owners);
    if (!decision.allowed) throw new PorticoError('FORBIDDEN', `You may not ${action} ${blueprint} "${identifier}": ${decision.reason}`, [{ path: '/team', message: decision.reason }]);
  }
}
