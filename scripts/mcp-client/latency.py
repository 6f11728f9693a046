"""Per-call latency of one read through MCP (/mcp, tools/call) and through REST.
The argument is a running server's URL; it registers a user. Sequential, 300 calls each
after 20 warm-up calls. Standard library only.

    python3 scripts/mcp-client/latency.py http://127.0.0.1:8080
"""
import json
import sys
import time
import urllib.request
import uuid

B = sys.argv[1]
def req(method, path, body=None, token=None, headers=None):
    r = urllib.request.Request(B + path, data=None if body is None else json.dumps(body).encode(), method=method)
    r.add_header("Content-Type", "application/json")
    if token: r.add_header("Authorization", f"Bearer {token}")
    for k, v in (headers or {}).items(): r.add_header(k, v)
    with urllib.request.urlopen(r) as res: return json.loads(res.read() or b"null")
s = req("POST", "/api/auth/register", {"email": f"m{uuid.uuid4().hex[:8]}@example.com", "password": "correct horse battery", "name": "M"})["access_token"]
tok = req("POST", "/api/tokens", {"name": "m", "scopes": ["read", "write"]}, s)["token"]
H = {"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-11-25"}
def mcp(): return req("POST", "/mcp", {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "get_recovery_state", "arguments": {}}}, tok, H)
def rest(): return req("GET", "/api/logs/recovery-state", None, tok)
for name, f in (("REST GET /api/logs/recovery-state", rest), ("MCP tools/call get_recovery_state", mcp)):
    for _ in range(20): f()
    t = []
    for _ in range(300):
        a = time.perf_counter(); f(); t.append((time.perf_counter() - a) * 1000)
    t.sort()
    print(f"{name}: n=300 p50 {t[149]:.2f} ms, p99 {t[296]:.2f} ms")
