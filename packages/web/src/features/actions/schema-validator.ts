import { Validator } from '@cfworker/json-schema';
import { type RJSFSchema, type RJSFValidationError, type ValidatorType, toErrorSchema } from '@rjsf/utils';

/**
 * react-jsonschema-form's validator, on @cfworker/json-schema: it interprets schemas instead of
 * compiling them to code, so it runs under the portal's Content-Security-Policy (no eval), where
 * the Ajv-based validator cannot. The server validates every run again.
 */
const AGGREGATES = new Set(['properties', 'items', 'allOf', 'anyOf', 'oneOf', '$ref', 'prefixItems', 'additionalProperties', 'unevaluatedProperties']);

function validate(schema: RJSFSchema, data: unknown) {
  return new Validator(schema as never, '2020-12', false).validate(data);
}

function toProperty(instanceLocation: string): string {
  return instanceLocation.replace(/^#/, '').split('/').filter(Boolean).map((s) => `.${decodeURIComponent(s)}`).join('');
}

export const portalValidator: ValidatorType = {
  validateFormData(formData, schema) {
    const result = validate(schema, formData ?? {});
    const errors: RJSFValidationError[] = result.errors.filter((e) => !AGGREGATES.has(e.keyword)).map((e) => {
      const missing = e.keyword === 'required' ? /"([^"]+)"/.exec(e.error)?.[1] : undefined;
      const property = toProperty(e.instanceLocation) + (missing ? `.${missing}` : '');
      const message = missing ? 'is required' : e.error.replace(/^Instance /, '').replace(/\.$/, '');
      return { name: e.keyword, property, message, stack: `${property || 'form'} ${message}`, schemaPath: e.keywordLocation };
    });
    return { errors, errorSchema: toErrorSchema(errors) };
  },
  isValid(schema, formData, rootSchema) {
    try {
      return validate({ ...schema, ...(rootSchema.$defs ? { $defs: rootSchema.$defs } : {}), ...(rootSchema.definitions ? { definitions: rootSchema.definitions } : {}) } as RJSFSchema, formData).valid;
    } catch {
      return false;
    }
  },
  rawValidation(schema, formData) {
    return { errors: validate(schema, formData).errors as never[] };
  },
};
