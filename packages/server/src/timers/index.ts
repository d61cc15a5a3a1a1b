export { TimerService } from './timer.service.ts';
export { timerRoutes } from './timer.routes.ts';
