import type { paths } from './schema';

/** The JSON body of a path's 2xx answer: `Answer<'/api/v1/incidents', 'get'>`. */
export type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;

/** The JSON body a path takes: `Body<'/api/v1/services', 'post'>`. */
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type Incident = Answer<'/api/v1/incidents', 'get'>['incidents'][number];
export type IncidentDetail = Answer<'/api/v1/incidents/{id}', 'get'>;
export type Service = Answer<'/api/v1/services', 'get'>['services'][number];
export type User = Answer<'/api/v1/users', 'get'>['users'][number];
export type Me = Answer<'/api/v1/me', 'get'>['user'];
