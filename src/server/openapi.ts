/** The OpenAPI 3.1 document of ioplan's HTTP API, with request bodies generated from the zod schemas. */
import { z } from "zod";
import { checkBody, compareBody, observationsBody, optimiseBody, quickCheckBody } from "./schemas.ts";

const json = (schema: z.ZodType) => ({
  required: true,
  content: { "application/json": { schema: z.toJSONSchema(schema, { io: "input" }) } },
});
const ok = (description: string) => ({ "200": { description, content: { "application/json": {} } } });
const errors = {
  "400": { description: "bad request: the fields that do not fit are named in `issues`" },
  "404": { description: "no such model, plan or job" },
  "422": { description: "the plan or model does not fit (issues name the fields)" },
};
const id = (what: string) => [
  { name: "id", in: "path", required: true, schema: { type: "string" }, description: `${what} id, from the list` },
];

/** Health and the workspace. */
function workspacePaths() {
  return {
    "/api/health": { get: { summary: "Liveness, store kind, running jobs", responses: ok("health") } },
    "/api/workspace": {
      get: {
        summary:
          "The workspace rescanned: its models and plans, and every file that cannot be used (file, error, issues)",
        responses: ok("workspace"),
      },
    },
  };
}

/** The models: the list, one model analysed, its data for the browser. */
function modelPaths() {
  return {
    "/api/models": {
      get: {
        summary: "Models in the workspace (a model that cannot be read: its file and error)",
        responses: ok("models"),
      },
    },
    "/api/models/{id}": {
      get: {
        summary: "A model: analysis (multipliers, linkages, key sectors), largest flows, sources and notes",
        parameters: id("model"),
        responses: { ...ok("model"), ...errors },
      },
    },
    "/api/models/{id}/data": {
      get: {
        summary:
          "A model's coefficients (triplets), output, final demand, imports and capacities, for " +
          "recomputing in the browser",
        parameters: id("model"),
        responses: { ...ok("model data"), ...errors },
      },
    },
  };
}

/** The plans: the list, one plan, its check, its best plan and scenario comparisons. */
function planPaths() {
  return {
    "/api/plans": {
      get: {
        summary: "Plans in the workspace (a plan that cannot be used: its file, error and issues)",
        responses: ok("plans"),
      },
    },
    "/api/plans/{id}": {
      get: {
        summary: "A plan file, its targets, limits and scenarios",
        parameters: id("plan"),
        responses: { ...ok("plan"), ...errors },
      },
    },
    "/api/plans/{id}/check": {
      post: {
        summary: "Feasibility: requirements, binding limits, the smallest weighted relaxation",
        parameters: id("plan"),
        requestBody: json(checkBody),
        responses: { ...ok("PlanCheckResult"), ...errors },
      },
    },
    "/api/plans/{id}/optimise": {
      post: {
        summary: "The best feasible plan with bottlenecks (shadow prices)",
        parameters: id("plan"),
        requestBody: json(optimiseBody),
        responses: { ...ok("PlanOptimiseResult"), ...errors },
      },
    },
    "/api/plans/{id}/compare": {
      post: {
        summary: "Scenarios side by side, as a job (202; poll /api/jobs/{job})",
        parameters: id("plan"),
        requestBody: json(compareBody),
        responses: { "202": { description: "job started" }, ...errors },
      },
    },
  };
}

/** A plan against the observations: review, one year's explanation, the backcast. */
function reviewPaths() {
  return {
    "/api/plans/{id}/review": {
      get: {
        summary:
          "Fulfilment from the observations, each year's shortfall explained by counterfactual runs of the " +
          "model (Shapley parts, unexplained), and the backcast",
        parameters: id("plan"),
        responses: { ...ok("PlanReview"), ...errors },
      },
    },
    "/api/plans/{id}/explain": {
      get: {
        summary:
          "One year's shortfall explained: each observed channel's Shapley part in the supply-constrained " +
          "model, the unexplained line, value added, the rationing rule, the backcast line and the range " +
          "across the plan's models",
        parameters: [
          ...id("plan"),
          { name: "year", in: "query", schema: { type: "integer" } },
          { name: "rationing", in: "query", schema: { type: "string", enum: ["proportional", "priority"] } },
        ],
        responses: { ...ok("PlanExplanation"), ...errors },
      },
    },
    "/api/plans/{id}/backcast": {
      get: {
        summary:
          "The model run on the observed channels alone beside the observed outputs: per sector and year, " +
          "MAPE and Theil's U",
        parameters: id("plan"),
        responses: { ...ok("PlanBackcast"), ...errors },
      },
    },
  };
}

/** The observations store: figures, indicators, reconciliation. */
function observationPaths() {
  return {
    "/api/observations": {
      get: {
        summary: "Stored observations (current revisions)",
        parameters: [
          { name: "indicator", in: "query", schema: { type: "string" } },
          { name: "limit", in: "query", schema: { type: "integer" } },
        ],
        responses: ok("observations"),
      },
      post: {
        summary: "Import observations in one transaction (all or none); needs the token beyond loopback",
        requestBody: json(observationsBody),
        responses: {
          ...ok("ImportSummary"),
          "401": { description: "token missing or wrong" },
          "413": { description: "body too large" },
          ...errors,
        },
      },
    },
    "/api/indicators": {
      get: { summary: "Indicators in the store, with units and counts", responses: ok("indicators") },
    },
    "/api/reconcile": {
      get: {
        summary: "Best estimate, range and conflicts per indicator and period",
        parameters: [{ name: "indicator", in: "query", schema: { type: "string" } }],
        responses: ok("reconciliations"),
      },
    },
  };
}

/** The worked example, run on the server and read back. */
function examplePaths() {
  return {
    "/api/example": {
      post: {
        summary:
          "Run the worked example (DPRK): imports its observations into the store, reviews 2016–2020 and " +
          "checks the 2021–2025 draft",
        responses: ok("DprkExample"),
      },
      get: {
        summary: "The worked example's result, once POST /api/example has run it on this server (404 before)",
        responses: ok("DprkExample"),
      },
    },
  };
}

/** The OpenAPI 3.1 document: every path of the API, in the order of the routes. */
export function openApiDocument(): unknown {
  return {
    openapi: "3.1.0",
    info: {
      title: "ioplan API",
      version: "0.1.0",
      description:
        "Models, plans, scenarios, observations and reviews on an input–output model of an economy. Writes " +
        "need `Authorization: Bearer <token>` when the server listens beyond loopback.",
    },
    paths: {
      ...workspacePaths(),
      ...modelPaths(),
      ...planPaths(),
      ...reviewPaths(),
      "/api/jobs/{id}": {
        get: {
          summary: "A job's status, progress and result",
          parameters: id("job"),
          responses: { ...ok("job"), ...errors },
        },
      },
      "/api/quick-check": {
        post: {
          summary: "One-year Leontief feasibility of a changed demand, capacity and import cap (instant)",
          requestBody: json(quickCheckBody),
          responses: { ...ok("QuickCheckResult"), ...errors },
        },
      },
      ...observationPaths(),
      ...examplePaths(),
    },
  };
}
