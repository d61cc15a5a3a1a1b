export { BackstageCatalogService } from './backstage-catalog.service.ts';
export { backstageRoutes } from './backstage.routes.ts';
