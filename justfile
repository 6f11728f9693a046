# Gainsly developer recipes. `just --list` shows them.

# Serve the API on the embedded default (SQLite in ./data, 127.0.0.1:8080).
run *ARGS:
    cargo run -p gainsly-api -- {{ARGS}}

# Run background workers as their own process (production: DATABASE_URL=postgres://…).
worker *ARGS:
    cargo run -p gainsly-worker -- {{ARGS}}

# The test suite on SQLite (the README's test command).
test:
    cargo test --workspace

# The test suite on PostgreSQL (a fresh database per test).
test-pg url="postgres://postgres@127.0.0.1:5432/postgres":
    GAINSLY_TEST_DATABASE_URL={{url}} cargo test --workspace

# Regenerate openapi/openapi.json from the code.
openapi:
    cargo run -q -p gainsly-api -- openapi --out openapi/openapi.json

# Validate and lint openapi/openapi.json (openapi-spec-validator, Spectral + OWASP rules).
spec-lint *ARGS:
    bash scripts/spec-lint.sh {{ARGS}}

# Generate the Python client, type-check and run its journey (a fresh server unless GAINSLY_URL is set).
python-client *ARGS:
    bash scripts/python-client.sh {{ARGS}}

# The official MCP Python SDK lists and calls every tool over Streamable HTTP and stdio
# (a fresh server unless GAINSLY_URL is set).
mcp-client:
    bash scripts/mcp-client.sh

# Formatting and lints exactly as CI runs them.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Criterion benchmarks (domain planning, optimizer).
bench:
    cargo bench -p gainsly-domain
    cargo bench -p gainsly-optimizer

# The LLM against a real model (see shared llm-lab); not part of CI. First the
# adapter on real planner prompts, then ten adaptations over HTTP (share from
# the model, attempts per adaptation, p50/max latency, first SSE event).
test-llm url="http://127.0.0.1:11434" model="qwen2.5-coder:0.5b":
    GAINSLY_LLM_URL={{url}} GAINSLY_LLM_MODEL={{model}} cargo test -p gainsly-llm --test real_model -- --ignored --nocapture
    GAINSLY_LLM_URL={{url}} GAINSLY_LLM_MODEL={{model}} cargo test -p gainsly-tests --test api real_model:: -- --ignored --nocapture

# The whole CI pipeline locally.
ci:
    bash .ci/run
