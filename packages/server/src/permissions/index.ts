export { AccessService } from './access.service.ts';
export type { AccessReport } from './access.service.ts';
export { EntityGuard } from './entity-guard.ts';
export { permissionRoutes } from './permission.routes.ts';
