export { InitiativeService } from './initiative.service.ts';
export { initiativeRoutes } from './initiative.routes.ts';
