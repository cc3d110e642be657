#!/usr/bin/env python3
"""Drives bounded writes through the load balancer while test.sh kills silos, then checks that nothing acknowledged was lost.

Each worker owns a set of enterprises and raises their headcount one step at a time (PATCH with If-Match). A 2xx is an
acknowledged write; anything else is retried (a 412 after an unanswered write re-reads the record first). Afterwards every
acknowledged write must be in the record (its version and value, or later ones), in its history (the event of that version
with that value) and in the list; the picture must count every enterprise. Failover: for each kill time (from --kills),
the time until every enterprise whose writes failed after the kill was written again.

Standard library only. Prints a summary and writes it as JSON (--out).
"""
import argparse
import json
import threading
import time
import urllib.error
import urllib.request

p = argparse.ArgumentParser()
p.add_argument("--url", required=True)
p.add_argument("--token", required=True)
p.add_argument("--enterprises", type=int, default=40)
p.add_argument("--workers", type=int, default=4)
p.add_argument("--seconds", type=float, default=90)
p.add_argument("--pause", type=float, default=0.02, help="seconds between a worker's writes (bounds the load)")
p.add_argument("--kills", default="", help="file of 'unix-time label' lines written by test.sh")
p.add_argument("--out", default="")
p.add_argument("--started", default="", help="file written when the writes begin (after the enterprises are registered)")
args = p.parse_args()

lock = threading.Lock()
statuses = {}          # status (or error name) -> count
acked = {}             # code -> list of (version, headcount, time)
failures = {}          # code -> list of failure times
attempts = 0


def count(status):
    with lock:
        statuses[str(status)] = statuses.get(str(status), 0) + 1


def call(method, path, body=None, etag=None, timeout=15):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(args.url + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + args.token)
    request.add_header("Accept-Language", "en")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if etag is not None:
        request.add_header("If-Match", etag)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("ETag"), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("ETag"), None
    except Exception as e:  # connection refused or reset, timeout
        return type(e).__name__, None, None


def code_of(i):
    # A valid unified social credit code: 18 characters, the last a check character (GB 32100-2015).
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    stem = "91120116" + ("%09d" % (RUN * 1000 + i))
    total = sum(alphabet.index(c) * w for c, w in zip(stem, weights))
    return stem + alphabet[(31 - total % 31) % 31]


RUN = int(time.time()) % 100000


def until_ok(method, path, seconds=120):
    """Asks until answered 200 (a silo may be coming back); gives up after a while, naming what did not answer."""
    give_up = time.time() + seconds
    while True:
        status, etag, body = call(method, path)
        count(status)
        if status == 200:
            return etag, body
        if time.time() > give_up:
            raise SystemExit(f"{method} {path} still answered {status} after {seconds} s")
        time.sleep(0.2)


def create(code):
    give_up = time.time() + 120
    while True:
        status, etag, _ = call("POST", "/api/enterprises", {"creditCode": code, "name": "集群测试生物有限公司" + code[-4:], "segments": ["细胞治疗"], "headcount": 0})
        count(status)
        if status == 201:
            return
        if status == 409:   # an earlier, unanswered attempt went through
            return
        if time.time() > give_up:
            raise SystemExit(f"registering {code} still answered {status} after 120 s")
        time.sleep(0.2)


def read(code):
    etag, body = until_ok("GET", "/api/enterprises/" + code)
    return etag, body["headcount"] or 0


def worker(codes, deadline):
    global attempts
    state = {c: read(c) for c in codes}
    value = {c: state[c][1] for c in codes}
    while time.time() < deadline:
        for c in codes:
            if time.time() >= deadline:
                break
            etag, _ = state[c]
            if etag is None:
                state[c] = read(c)
                etag = state[c][0]
            value[c] += 1
            with lock:
                attempts += 1
            sent = time.time()
            status, new_etag, body = call("PATCH", "/api/enterprises/" + c, {"headcount": value[c]}, etag)
            count(status)
            now = time.time()
            if status == 200:
                with lock:
                    acked.setdefault(c, []).append((body["version"], value[c], now))
                state[c] = (new_etag, value[c])
            else:
                with lock:
                    failures.setdefault(c, []).append((now, str(status), now - sent))
                # Unknown outcome (or stale version): read the record before writing it again.
                state[c] = (None, None)
                time.sleep(0.1)
            time.sleep(args.pause)


# The change feed, as browsers hear it: listeners on /api/changes through the load balancer (each lands on some silo; one
# whose silo is killed connects again). Every acknowledged write should be heard by every listener, soon.
heard = []  # per listener: {(code, seq): time heard}


def listen(i, until):
    while time.time() < until:
        request = urllib.request.Request(args.url + "/api/changes")
        request.add_header("Authorization", "Bearer " + args.token)
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                for raw in response:
                    line = raw.decode("utf-8", "replace").strip()
                    if line.startswith("data: ") and line != "data: {}":
                        d = json.loads(line[6:])
                        if d.get("entityType") == "enterprise":
                            heard[i][(d["entityId"], d["seq"])] = time.time()
                    if time.time() >= until:
                        return
        except Exception:
            time.sleep(0.2)


codes = [code_of(i) for i in range(args.enterprises)]
for c in codes:
    create(c)
start = time.time()
deadline = start + args.seconds
if args.started:
    with open(args.started, "w") as f:
        f.write(str(start))
listeners = []
for i in range(3):
    heard.append({})
    listeners.append(threading.Thread(target=listen, args=(i, deadline + 3), daemon=True))
    listeners[-1].start()
time.sleep(1)
threads = [threading.Thread(target=worker, args=(codes[w::args.workers], deadline)) for w in range(args.workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for t in listeners:
    t.join(timeout=10)

# Checks: every acknowledged write is in the record, its history and the list; the picture counts every enterprise.
lost = []
for c in codes:
    writes = acked.get(c, [])
    if not writes:
        continue
    last_version, last_value, _ = writes[-1]
    _, record = until_ok("GET", "/api/enterprises/" + c)
    if record["version"] < last_version or (record["headcount"] or 0) < last_value:
        lost.append({"code": c, "why": "record behind", "record": [record["version"], record["headcount"]], "acked": [last_version, last_value]})
    events = {}
    after = 0
    while True:
        _, page = until_ok("GET", "/api/enterprises/%s/history?after=%d&limit=1000" % (c, after))
        for e in page:
            events[e["seq"]] = e
        if len(page) < 1000:
            break
        after = page[-1]["seq"]
    for version, value, _ in writes:
        e = events.get(version)
        to = None if e is None else next((ch.get("to") for ch in e["changes"] if ch["field"] == "headcount"), None)
        if to != value:
            lost.append({"code": c, "why": "history", "version": version, "acked": value, "history": to})
    _, listed = until_ok("GET", "/api/enterprises?q=" + c)
    items = listed.get("items", [])
    if not items or (items[0].get("headcount") or 0) < last_value:
        lost.append({"code": c, "why": "list", "acked": last_value, "listed": items[0].get("headcount") if items else None})

_, picture = until_ok("GET", "/api/picture")
picture_total = picture["enterprises"]["total"]

kills = []
if args.kills:
    try:
        with open(args.kills) as f:
            kills = [(float(line.split()[0]), line.split(None, 1)[1].strip()) for line in f if line.strip()]
    except FileNotFoundError:
        pass
failover = []
for n, (t, label) in enumerate(kills):
    if not label.startswith("docker kill"):
        continue
    # This kill's window: until the next event (a later kill or a restart has failures of its own).
    until = kills[n + 1][0] if n + 1 < len(kills) else t + 30
    gaps = []
    slowest = None
    for c, times in failures.items():
        hit = [x for x in times if t - 15 <= x[0] - x[2] and x[0] < until]
        if not hit:
            continue
        after = [w[2] for w in acked.get(c, []) if w[2] > hit[0][0]]
        if after:
            gaps.append(after[0] - t)
            if slowest is None or after[0] - t > slowest["backAfter"]:
                slowest = {"code": c, "backAfter": round(after[0] - t, 2),
                           "failures": [{"at": round(x[0] - t, 2), "status": x[1], "took": round(x[2], 2)} for x in hit]}
    failover.append({"event": label, "enterprisesHit": len(gaps), "writesBackAfterSeconds": round(max(gaps), 2) if gaps else 0.0, "slowest": slowest})

# The feed before the first kill (every listener connected): how much of what was acknowledged each heard, and how soon.
first_kill = min([t for t, label in kills if label.startswith("docker kill")], default=deadline)
calm = [(c, v, at) for c, writes in acked.items() for v, _, at in writes if at < first_kill - 1]
feed = []
for i, got in enumerate(heard):
    lags = sorted(max(0.0, got[(c, v)] - at) for c, v, at in calm if (c, v) in got)
    feed.append({
        "listener": i + 1,
        "heardOfAcknowledged": f"{len(lags)}/{len(calm)}",
        "medianMs": round(1000 * lags[len(lags) // 2]) if lags else None,
        "p99Ms": round(1000 * lags[min(len(lags) - 1, int(len(lags) * 0.99))]) if lags else None,
        "noticesHeard": len(got),
    })
calm_seconds = max(0.001, first_kill - start)

summary = {
    "writesPerSecondBeforeKills": round(len(calm) / calm_seconds, 1),
    "changeFeed": feed,
    "enterprises": len(codes),
    "writesAttempted": attempts,
    "writesAcknowledged": sum(len(v) for v in acked.values()),
    "acknowledgedWritesLost": len(lost),
    "lost": lost[:20],
    "statuses": statuses,
    "http500": statuses.get("500", 0),
    "pictureTotal": picture_total,
    "failover": failover,
}
print(json.dumps(summary, ensure_ascii=False, indent=2))
if args.out:
    with open(args.out, "w") as f:
        json.dump(summary, f, ensure_ascii=False, indent=2)
