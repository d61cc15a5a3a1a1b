export { ScorecardService } from './scorecard.service.ts';
export { scorecardRoutes } from './scorecard.routes.ts';
