import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { type ErrorDetail, pointerSegment } from './errors.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** A new Ajv instance that knows Portico's string formats. One per purpose, so caches stay apart. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat('timer', { type: 'string', validate: (value: string) => !Number.isNaN(Date.parse(value)) });
  ajv.addFormat('markdown', true);
  ajv.addFormat('user', true);
  ajv.addFormat('team', true);
  ajv.addFormat('yaml', {
    type: 'string',
    validate: (value: string) => {
      try {
        parseYaml(value);
        return true;
      } catch {
        return false;
      }
    },
  });
  return ajv;
}

/**
 * Turns Ajv errors into details whose paths point into the client's document.
 * @param prefix pointer of the validated value inside the request body, e.g. `/properties`.
 */
export function ajvErrorsToDetails(errors: ErrorObject[] | null | undefined, prefix = ''): ErrorDetail[] {
  if (!errors) return [];
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    let path = prefix + error.instancePath;
    let message = error.message ?? 'is invalid';
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
      path += `/${pointerSegment(params.missingProperty)}`;
      message = 'is required';
    } else if (error.keyword === 'additionalProperty' || error.keyword === 'additionalProperties') {
      path += `/${pointerSegment(String(params.additionalProperty))}`;
      message = 'is not defined in the schema';
    } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      message = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (error.keyword === 'format') {
      message = `must be a valid ${String(params.format)}`;
    }
    if (!details.some((d) => d.path === path && d.message === message)) details.push({ path, message });
  }
  return details;
}
