import { z } from "zod";
import { problemSchema } from "./problem.js";
import { apiRoutes, type RouteSpec } from "./routes.js";

type Json = Record<string, unknown>;

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a request (`input`) or response (`output`) schema. */
const jsonSchema = (schema: z.ZodType, io: "input" | "output"): Json => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    // Refinements and transforms (the spec's cross-field rules) are checked by the API, not expressible here.
    unrepresentable: "any",
  }) as Json;
  return rest;
};

const problemResponse = {
  description: "An RFC 9457 problem (the offending field in `field` and `errors`)",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid request",
  404: "Not found",
  409: "Conflict (state, lease or budget)",
  503: "Unavailable",
};

function operation(operationId: string, route: RouteSpec): Json {
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "integer", minimum: m[1] === "number" ? 0 : 1 },
  }));
  const query = route.query ? jsonSchema(route.query, "input") : undefined;
  const queryParams = Object.entries((query?.properties as Record<string, Json> | undefined) ?? {}).map(
    ([name, schema]) => ({
      name,
      in: "query",
      required: ((query?.required as string[] | undefined) ?? []).includes(name) && schema.default === undefined,
      schema,
    }),
  );
  const success =
    route.response === "events"
      ? {
          description: "A stream of server-sent events",
          content: { "text/event-stream": { schema: { type: "string" } } },
        }
      : { description: "OK", content: { "application/json": { schema: jsonSchema(route.response, "output") } } };
  return {
    operationId,
    summary: route.summary,
    tags: [route.tag],
    parameters: [...pathParams, ...queryParams],
    ...(route.body
      ? {
          requestBody: {
            required: !route.bodyOptional,
            content: { "application/json": { schema: jsonSchema(route.body, "input") } },
          },
        }
      : {}),
    responses: {
      [route.status]: success,
      ...Object.fromEntries(
        [400, ...route.problems].map((s) => [s, { ...problemResponse, description: STATUS_TEXT[s] }]),
      ),
    },
  };
}

/** The version of the API's contract (the document's `info.version`). */
export const API_VERSION = "0.2.0";

/** The API's OpenAPI 3.1 document, generated from the route table and its zod schemas. */
export function openApiDocument(version: string = API_VERSION): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const [id, route] of Object.entries(apiRoutes) as [string, RouteSpec][])
    (paths[route.path] ??= {})[route.method] = operation(id, route);
  return {
    openapi: "3.1.0",
    info: {
      title: "rectune API",
      version,
      description:
        "Distributed hyperparameter optimization for recommender models: studies, trials, leaderboards, and " +
        "ask/tell for trials run by your own code (studies with `target: { kind: external }`).",
    },
    tags: [{ name: "studies" }, { name: "trials" }, { name: "ask/tell" }, { name: "cluster" }],
    paths,
    components: { schemas: { Problem: jsonSchema(problemSchema, "output") } },
  };
}
