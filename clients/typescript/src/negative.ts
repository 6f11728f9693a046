// Proof that the generated types bite. Each `@ts-expect-error` below must
// suppress a real type error: if the types degraded to `any` (or a path,
// field or enum stopped being checked), the directive becomes unused and
// `tsc` fails with "Unused '@ts-expect-error' directive". Never executed.

import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

export async function mistakes(): Promise<void> {
  const client = createClient<paths>({ baseUrl: "http://127.0.0.1:8080" });

  // A path that does not exist (singular "program").
  // @ts-expect-error
  await client.GET("/api/program", {});

  // The right path with the wrong method.
  // @ts-expect-error
  await client.DELETE("/api/auth/me", {});

  // A path parameter that is not declared.
  // @ts-expect-error
  await client.GET("/api/days/{date}/plan", { params: { path: { day: "2026-11-26" } } });

  // A required request body field is missing (`name`).
  // @ts-expect-error
  await client.POST("/api/auth/register", { body: { email: "a@example.com", password: "correct horse battery" } });

  // An enum value the API does not know.
  await client.POST("/api/programs", {
    body: {
      name: "Block 1",
      // @ts-expect-error
      goals: [{ goal: "powerlifting", weight: 10 }],
      split_template: "upper_lower",
    },
  });

  // A misspelled field (request bodies reject unknown fields).
  await client.POST("/api/programs", {
    body: {
      name: "Block 1",
      goals: [{ goal: "strength", weight: 10 }],
      split_template: "upper_lower",
      // @ts-expect-error
      days_per_wek: 4,
    },
  });

  // A wrongly typed field (weights are numbers).
  // @ts-expect-error
  await client.POST("/api/programs", { body: { name: "B", goals: [{ goal: "strength", weight: "10" }], split_template: "ppl" } });

  const { data } = await client.GET("/api/days/{date}/plan", { params: { path: { date: "2026-11-26" } } });
  if (data) {
    // A response field that does not exist (it is `exercises`).
    // @ts-expect-error
    console.log(data.exercise);
    // A response field used with the wrong type (`sets` is a number).
    // @ts-expect-error
    data.exercises[0]?.sets.toUpperCase();
  }
}
