export { searchRoutes } from './search.routes.ts';
export { searchCatalog } from './search.service.ts';
export type { SearchHit, SearchResult } from './search.service.ts';
