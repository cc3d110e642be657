#!/usr/bin/env python3
"""Offline checks of rendered Kubernetes manifests (kubectl kustomize output), where no API server is at hand:
each object is well-formed; the Deployment's selector matches its pods and its probes name declared ports; the Service's
target port is a declared port; the PodDisruptionBudget and NetworkPolicies select the silos; secrets referenced exist or
are marked optional / created by the operator. Exits non-zero naming what is wrong."""
import sys
import yaml

problems = []
for path in sys.argv[1:]:
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    kinds = {}
    for d in docs:
        for key in ("apiVersion", "kind", "metadata"):
            if key not in d:
                problems.append(f"{path}: an object without {key}")
        kinds.setdefault(d.get("kind"), []).append(d)
    secrets = {s["metadata"]["name"] for s in kinds.get("Secret", [])}
    for dep in kinds.get("Deployment", []):
        name = dep["metadata"]["name"]
        spec = dep["spec"]
        pod_labels = spec["template"]["metadata"]["labels"]
        for k, v in spec["selector"]["matchLabels"].items():
            if pod_labels.get(k) != v:
                problems.append(f"{path}: Deployment {name} selects {k}={v}, its pods do not carry it")
        for c in spec["template"]["spec"]["containers"]:
            ports = {p["name"] for p in c.get("ports", []) if "name" in p}
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                port = c.get(probe, {}).get("httpGet", {}).get("port")
                if port is None:
                    problems.append(f"{path}: {name}/{c['name']} has no {probe}")
                elif isinstance(port, str) and port not in ports:
                    problems.append(f"{path}: {name}/{c['name']} {probe} names port {port}, not declared")
            if "resources" not in c or "requests" not in c["resources"]:
                problems.append(f"{path}: {name}/{c['name']} has no resource requests")
            for env in c.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref and secrets and ref["name"] not in secrets and not ref.get("optional"):
                    problems.append(f"{path}: {name} needs secret {ref['name']}, which is not in these manifests")
        for svc in kinds.get("Service", []):
            if all(svc["spec"]["selector"].get(k) == v for k, v in pod_labels.items() if k in svc["spec"]["selector"]) and svc["spec"]["selector"].get("app") == pod_labels.get("app"):
                declared = {p.get("name") for c in spec["template"]["spec"]["containers"] for p in c.get("ports", [])}
                for p in svc["spec"]["ports"]:
                    if isinstance(p["targetPort"], str) and p["targetPort"] not in declared:
                        problems.append(f"{path}: Service {svc['metadata']['name']} targets port {p['targetPort']}, not declared")
                    if p.get("targetPort") == "silo" or p.get("port") == 11111:
                        problems.append(f"{path}: Service {svc['metadata']['name']} exposes the silo port")
        if not any(pdb["spec"]["selector"]["matchLabels"].get("app") == pod_labels.get("app") for pdb in kinds.get("PodDisruptionBudget", [])):
            problems.append(f"{path}: no PodDisruptionBudget for {name}")
        policies = [n for n in kinds.get("NetworkPolicy", []) if n["spec"]["podSelector"]["matchLabels"].get("app") == pod_labels.get("app")]
        if not policies:
            problems.append(f"{path}: no NetworkPolicy for {name}")
        for n in policies:
            for rule in n["spec"]["ingress"]:
                if any(p.get("port") == 11111 for p in rule.get("ports", [])) and not rule.get("from"):
                    problems.append(f"{path}: NetworkPolicy {n['metadata']['name']} opens the silo port to everyone")
    if not kinds.get("Role") or not kinds.get("RoleBinding") or not kinds.get("ServiceAccount"):
        problems.append(f"{path}: the silos' pod-watching RBAC is missing")
    print(f"{path}: {len(docs)} objects ({', '.join(sorted(f'{len(v)} {k}' for k, v in kinds.items()))})")

for p in problems:
    print("problem:", p)
sys.exit(1 if problems else 0)
