// A small typed Gainsly client: register, create a program, fetch today's plan,
// mint a personal access token and use it to dry-run an import and export.
//
// Every path, parameter, request body and response field below is checked by
// `tsc` against types generated from openapi/openapi.json (src/schema.ts),
// so a misspelled field or path fails the type-check (see src/negative.ts).
//
// Run it against a server:  GAINSLY_URL=http://127.0.0.1:8080 npm run example

import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema.js";

/** An error answer: every non-2xx body is the API's `ErrorBody`. */
function fail(step: string, status: number, error: { detail: string; error_code: string }): never {
  throw new Error(`${step}: HTTP ${status} ${error.error_code}: ${error.detail}`);
}

/** Today's date as `YYYY-MM-DD` (UTC, the default profile time zone). */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export async function main(baseUrl: string): Promise<void> {
  const client = createClient<paths>({ baseUrl });

  // 1. Register (201 TokenResponse). A fresh address each run avoids 409.
  const email = `ts-example-${Date.now()}@example.com`;
  const registered = await client.POST("/api/auth/register", {
    body: { email, password: "correct horse battery", name: "TS Example" },
  });
  if (registered.error) fail("register", registered.response.status, registered.error);
  const { access_token, user } = registered.data;
  console.log(`registered user ${user.id} <${user.email}>`);

  // Every /api/** route except /api/auth/* needs the bearer token.
  const bearer: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${access_token}`);
      return request;
    },
  };
  client.use(bearer);

  // 2. Create a program (201 ProgramResponse): an upper/lower hypertrophy block
  //    with some strength work, four 60-minute days a week for 8 weeks.
  const created = await client.POST("/api/programs", {
    body: {
      name: "Block 1: upper/lower",
      goals: [
        { goal: "hypertrophy", weight: 7 },
        { goal: "strength", weight: 3 },
      ],
      split_template: "upper_lower",
      days_per_week: 4,
      microcycle_length_days: 7,
      duration_weeks: 8,
      start_date: today(),
      session_minutes: 60,
      progression_style: "double",
      deload_every_n_microcycles: 4,
      equipment: ["barbell", "dumbbell", "bench", "rack", "cable", "pullup_bar"],
      is_active: true,
    },
  });
  if (created.error) fail("create program", created.response.status, created.error);
  const program = created.data;
  console.log(
    `program ${program.id} "${program.name}" ${program.start_date} → ${program.end_date}, ` +
      `${program.microcycle.days.filter((d) => d.kind === "training").length} training days per microcycle`,
  );

  // 3. Today's plan (200 SessionResponse): generated and stored on first request.
  const planned = await client.GET("/api/days/{date}/plan", {
    params: { path: { date: today() }, query: { program_id: program.id } },
  });
  if (planned.error) fail("plan", planned.response.status, planned.error);
  const session = planned.data;
  console.log(
    `${session.date}: ${session.kind}${session.focus ? ` (${session.focus})` : ""}, ` +
      `status ${session.status}, ~${session.estimated_minutes}/${session.target_minutes} min`,
  );
  for (const ex of session.exercises) {
    const load = ex.suggested_load_kg == null ? "" : ` @ ${ex.suggested_load_kg} kg`;
    console.log(`  ${ex.order}. ${ex.name}: ${ex.sets} × ${ex.reps_min}–${ex.reps_max}${load}, rest ${ex.rest_seconds}s`);
  }
  if (session.recommended_activity) {
    console.log(`  recommended: ${session.recommended_activity.name}`);
  }

  // 4. A personal access token for an integration (201, the secret shown once).
  const minted = await client.POST("/api/tokens", {
    body: { name: "ts example", scopes: ["read", "write"], expires_in_days: 1 },
  });
  if (minted.error) fail("create token", minted.response.status, minted.error);
  console.log(`token ${minted.data.id} ${minted.data.scopes.join("+")}: ${minted.data.token.slice(0, 8)}…`);
  const integration = createClient<paths>({
    baseUrl,
    headers: { Authorization: `Bearer ${minted.data.token}` },
  });

  // 5. With the token: a dry run of a Strong export (the raw CSV is the body).
  const csv =
    "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n" +
    `${today()} 07:00:00,Morning,Squat (Barbell),W,60,5\n` +
    `${today()} 07:00:00,Morning,Squat (Barbell),1,100,5\n`;
  const report = await integration.POST("/api/imports", {
    params: { query: { dry_run: true } },
    body: csv,
    bodySerializer: (text: string) => text,
    headers: { "Content-Type": "text/csv" },
  });
  if (report.error) fail("import", report.response.status, report.error);
  console.log(
    `dry run: ${report.data.source}/${report.data.dialect}, ${report.data.workouts} workout(s), ` +
      `${report.data.sets} set(s) (${report.data.warmup_sets} warm-up), ` +
      `matched ${report.data.matched.map((m) => `${m.name} → ${m.exercise_id}`).join(", ")}`,
  );

  // 6. Everything of the user as one document.
  const exported = await integration.GET("/api/export");
  if (exported.error) fail("export", exported.response.status, exported.error);
  console.log(
    `export: ${exported.data.programs.length} program(s), ${exported.data.sessions.length} session(s), ` +
      `${exported.data.workout_logs.length} workout log(s)`,
  );
}

const baseUrl = process.env["GAINSLY_URL"] ?? "http://127.0.0.1:8080";
main(baseUrl).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
