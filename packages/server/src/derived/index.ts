export { DerivedService, calculationFailuresError } from './derived.service.ts';
export type { CalculationFailure, RecomputeResult } from './derived.service.ts';
