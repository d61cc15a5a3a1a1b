export { ImportService, resolveRelative } from './import.service.ts';
export type { ImportReport } from './import.service.ts';
export { importRoutes } from './import.routes.ts';
export { exportCatalog } from './export.service.ts';
export type { ImportRequest } from './import.schema.ts';
export { UrlReader } from './url-reader.ts';
