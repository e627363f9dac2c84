"""`srmscan explain CHECK`: everything about one check in one place, from its declaration, its mapping and the
frameworks' requirement lists."""

from __future__ import annotations

import textwrap
from typing import Any

from srmscan.check import CheckMeta
from srmscan.frameworks import load_frameworks
from srmscan.mapping import Mapping


def explanation(meta: CheckMeta, mapping: Mapping, permissions: list[str]) -> dict[str, Any]:
    entry = mapping.for_check(meta.id)
    catalogue = mapping.catalogue
    duty = catalogue.duties[entry.duties[0]]
    model = catalogue.provider_models[meta.provider]
    titles = {(fw.name, r.id): r.title for fw in load_frameworks().values() for r in fw.requirements}
    return {
        "id": meta.id, "title": meta.title, "severity": meta.severity.value, "provider": meta.provider,
        "resource_type": meta.resource_type, "service_model": entry.service_model,
        "duty": {"id": duty.id, "name": duty.name, "provider_model": model.name, "provider_model_url": model.url,
                 "provider_layer": duty.provider_layers[meta.provider]},
        "related_duties": [catalogue.duties[d].name for d in entry.duties[1:]],
        "controls": [{"framework": c.framework, "id": c.id, **({"title": titles[(c.framework, c.id)]}
                                                                if (c.framework, c.id) in titles else {})}
                     for c in entry.controls],
        "rationale": meta.rationale, "remediation": meta.remediation,
        "parameters": dict(meta.params), "reads": list(meta.reads), "permissions": permissions,
        "source": meta.source,
    }


def as_text(found: dict[str, Any]) -> str:
    def block(label: str, text: str) -> list[str]:
        return [f"{label}:"] + textwrap.wrap(text, 100, initial_indent="  ", subsequent_indent="  ")

    duty = found["duty"]
    lines = [f"{found['id']} ({found['severity']}): {found['title']}",
             f"resource type {found['resource_type']}, {found['service_model']}", ""]
    lines += block("Why it matters", found["rationale"]) + block("How to fix it", found["remediation"])
    lines += ["Customer duty:", f"  {duty['name']} ({duty['id']}); {duty['provider_model']}: \"{duty['provider_layer']}\"",
              f"  {duty['provider_model_url']}"]
    if found["related_duties"]:
        lines.append(f"  also: {', '.join(found['related_duties'])}")
    lines.append("Framework requirements:")
    lines += [f"  {c['framework']} {c['id']}" + (f": {c['title']}" if c.get("title") else "") for c in found["controls"]]
    if found["parameters"]:
        lines.append("Parameters (srmscan.toml [params], --param):")
        lines += [f"  {name} = {value!r} (default)" for name, value in found["parameters"].items()]
    lines.append(f"Reads: {', '.join(found['reads'])}")
    lines.append("Permissions: " + (", ".join(found["permissions"]) or "none of its own (read with its account)"))
    return "\n".join(lines)
