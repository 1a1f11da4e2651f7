#!/usr/bin/env python3
"""Checks the deployment files without a Docker engine or a cluster (neither runs on the build machines).

    python3 deploy/validate.py [path/to/compose-spec.json]

- compose.yaml: against the Compose specification's JSON schema when given (from github.com/compose-spec/compose-spec,
  schema/compose-spec.json), and for internal consistency: every service has an image or a build, depends_on and
  volumes name things that exist, the router's upstreams are services.
- k8s/*.yaml: every Deployment's selector matches its pod labels, probes use declared ports, every Service selects a
  Deployment, the Ingress and the router reach existing Services, referenced ConfigMaps exist.
"""
import json
import pathlib
import re
import sys

import yaml

DEPLOY = pathlib.Path(__file__).resolve().parent
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def upstreams(conf):
    return set(re.findall(r"server\s+([a-z0-9-]+):\d+;", conf))


def compose(schema_path):
    spec = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    if schema_path:
        import jsonschema
        jsonschema.validate(spec, json.loads(pathlib.Path(schema_path).read_text()))
        print("compose.yaml: valid against the Compose specification schema")
    services = spec["services"]
    volumes = set(spec.get("volumes", {}))
    for name, service in services.items():
        check("image" in service or "build" in service, f"compose: {name} has neither image nor build")
        for dependency in service.get("depends_on", {}):
            check(dependency in services, f"compose: {name} depends on unknown service {dependency}")
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            check(source.startswith(".") or source in volumes, f"compose: {name} mounts undeclared volume {source}")
        build = service.get("build")
        if build:
            dockerfile = (DEPLOY / build["context"] / build["dockerfile"]).resolve()
            check(dockerfile.exists(), f"compose: {name} builds from missing {dockerfile}")
    conf = (DEPLOY / "docker" / "router.conf").read_text()
    for upstream in upstreams(conf):
        check(upstream in services, f"router.conf: upstream {upstream} is not a compose service")
    print(f"compose.yaml: {len(services)} services checked")


def kubernetes():
    documents = []
    for file in sorted(f for f in (DEPLOY / "k8s").glob("*.yaml") if f.name != "kustomization.yaml"):
        documents += [d for d in yaml.safe_load_all(file.read_text()) if d]
    by_kind = {}
    for document in documents:
        check("apiVersion" in document and "kind" in document and "metadata" in document,
              f"k8s: a document lacks apiVersion/kind/metadata: {str(document)[:80]}")
        by_kind.setdefault(document["kind"], {})[document["metadata"]["name"]] = document
    deployments = by_kind.get("Deployment", {})
    services = by_kind.get("Service", {})
    config_maps = by_kind.get("ConfigMap", {})
    for name, deployment in deployments.items():
        spec = deployment["spec"]
        labels = spec["template"]["metadata"]["labels"]
        check(all(labels.get(k) == v for k, v in spec["selector"]["matchLabels"].items()),
              f"k8s: {name} selector does not match its pod labels")
        for container in spec["template"]["spec"]["containers"]:
            ports = {p["name"] for p in container.get("ports", []) if "name" in p}
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                action = container.get(probe, {})
                port = (action.get("httpGet") or action.get("tcpSocket") or {}).get("port")
                check(port is None or port in ports or isinstance(port, int), f"k8s: {name} {probe} uses undeclared port {port}")
            for source in container.get("envFrom", []):
                ref = source.get("configMapRef")
                check(ref is None or ref["name"] in config_maps, f"k8s: {name} reads unknown ConfigMap {ref}")
        for volume in spec["template"]["spec"].get("volumes", []):
            ref = volume.get("configMap")
            check(ref is None or ref["name"] in config_maps, f"k8s: {name} mounts unknown ConfigMap {ref}")
    for name, service in services.items():
        selector = service["spec"]["selector"]
        check(any(all(d["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in selector.items())
                  for d in deployments.values()), f"k8s: Service {name} selects no Deployment")
    for name, ingress in by_kind.get("Ingress", {}).items():
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                check(path["backend"]["service"]["name"] in services, f"k8s: Ingress {name} routes to an unknown Service")
    router = config_maps.get("stagedoor-router", {}).get("data", {}).get("nginx.conf", "")
    for upstream in upstreams(router):
        check(upstream in services, f"k8s: router upstream {upstream} is not a Service")
    print(f"k8s: {len(documents)} documents checked")


compose(sys.argv[1] if len(sys.argv) > 1 else None)
kubernetes()
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("deployment files: no problems found")
