import type { CalculationProperty } from '@portico/model';
import { calculationNames } from '@portico/model';

/** Calculation properties in an order where each comes after the calculations it reads (cycles are refused at save). */
export function calculationOrder(calculations: Record<string, CalculationProperty>): string[] {
  const names = Object.keys(calculations);
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (name: string, depth: number) => {
    if (done.has(name) || depth > names.length) return;
    const calculation = calculations[name];
    if (!calculation) return;
    for (const read of calculationNames(calculation.calculation)) if (read !== name && read in calculations) visit(read, depth + 1);
    done.add(name);
    order.push(name);
  };
  names.forEach((n) => visit(n, 0));
  return order;
}
