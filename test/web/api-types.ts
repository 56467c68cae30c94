import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

/** Where the dashboard's API types live; `npm run web:api-types` rewrites it from the running app's document. */
export const API_TYPES_FILE = 'web/src/api/schema.d.ts';

/** The dashboard's API types, generated from the OpenAPI document the server publishes at /openapi.json. */
export async function renderApiTypes(document: unknown): Promise<string> {
  const ast = await openapiTS(document as OpenAPI3, { alphabetize: true });
  return `// Generated from Vigil's OpenAPI document by \`npm run web:api-types\`; do not edit by hand.\n\n${astToString(ast)}`;
}
